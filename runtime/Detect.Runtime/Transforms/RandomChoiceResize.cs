namespace Detect.Transforms;

/// <summary>
/// Resizes to a scale chosen uniformly from <c>scales</c> (mmcv's <c>RandomChoiceResize</c>; MMDetection's
/// multi-scale training <c>[(1333, 640), ..., (1333, 800)]</c>). The other arguments are Resize's.
/// </summary>
public sealed class RandomChoiceResize : SampleTransform
{
    readonly Resize resize;

    /// <summary>Creates the transform.</summary>
    /// <param name="scales">Candidate (w, h) scales.</param>
    /// <param name="keepRatio">As Resize.</param>
    /// <param name="clipObjectBorder">As Resize.</param>
    /// <param name="interpolation">As Resize.</param>
    public RandomChoiceResize(IReadOnlyList<(int Width, int Height)> scales, bool keepRatio = false, bool clipObjectBorder = true,
        Interpolation interpolation = Interpolation.Bilinear)
    {
        if (scales is null || scales.Count == 0) throw new ArgumentException("RandomChoiceResize needs at least one scale.", nameof(scales));
        Scales = [.. scales];
        resize = new Resize(scales[0], keepRatio: keepRatio, clipObjectBorder: clipObjectBorder, interpolation: interpolation);
    }

    /// <summary>The candidate scales.</summary>
    public IReadOnlyList<(int Width, int Height)> Scales { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("scales", Scales), ("keepRatio", resize.KeepRatio), ("clipObjectBorder", resize.ClipObjectBorder),
         ("interpolation", resize.Interpolation)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context) =>
        resize.ResizeTo(input, Scales[context.Rng.Next(Scales.Count)]);
}
