using Detect.Transforms.Corruptions;

namespace Detect.Transforms;

/// <summary>
/// MMDetection's <c>Corrupt</c> transform: applies one of the robustness benchmark's corruptions
/// (<see cref="ImageCorruption"/>) at a severity to the loaded image, drawing from the sample's generator.
/// <c>test-robustness</c> puts it right after <c>LoadImageFromFile</c>, as MMDetection's test_robustness.py does.
/// </summary>
public sealed class Corrupt : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="corruption"><c>corruption</c>: a benchmark corruption name (<see cref="CorruptionCatalog"/>).</param>
    /// <param name="severity"><c>severity</c>: 1–5.</param>
    public Corrupt(string corruption, int severity = 1)
    {
        Corruption = CorruptionCatalog.Get(corruption);
        Severity = severity is >= 1 and <= 5 ? severity : throw new ArgumentException($"Corrupt: severity must be 1–5, got {severity}.", nameof(severity));
    }

    /// <summary>The corruption.</summary>
    public ImageCorruption Corruption { get; }

    /// <summary>The severity, 1–5.</summary>
    public int Severity { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, object? Value)> Parameters => [("corruption", Corruption.Name), ("severity", Severity)];

    /// <inheritdoc/>
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        try
        {
            return input with { Img = Corruption.Apply(input.Img, Severity, context.Rng) };
        }
        catch (ArgumentException e)
        {
            throw new BadSampleException(input.Info.ImgPath, e.Message);
        }
    }
}
