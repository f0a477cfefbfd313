using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// Training-mode parity with torchvision 0.14: the narrow RetinaNet, FCOS and Faster R-CNN of <see cref="TrainingFixture"/>, built by
/// the torchvision zoo records (at the fixtures' widths) with torchvision's training settings, give torchvision's <c>model(images, targets)</c>
/// losses on the same batch, and gradients of their sum in the backbone, neck and heads as close to the exact (float64) ones as
/// torchvision's own float32 gradients are. Faster R-CNN keeps and samples every anchor and proposal on both sides, so neither
/// sampling nor NMS near-ties make a difference.
/// </summary>
public sealed class TorchvisionTrainingParityTests(ITestOutputHelper output)
{
    /// <summary>Each loss: |Detect − torchvision| / torchvision.</summary>
    const double LossTolerance = 1e-5;

    /// <summary>
    /// Each gradient, max |Detect − float64| / max |float64|, may be this far from the float64 reference, or twice as far as
    /// torchvision's own float32 gradient where that is further (a ReLU or GIoU kink that float32 rounds to its other side moves a
    /// whole slice of a weight gradient; FCOS's are 1e-2 from float64 in torchvision as in Detect).
    /// </summary>
    const double GradientTolerance = 2e-4;

    [Theory]
    [InlineData("retinanet_resnet50_fpn")]
    [InlineData("fcos_resnet50_fpn")]
    [InlineData("fasterrcnn_resnet50_fpn")]
    public void LossesAndGradientsAreTorchvisions(string arch)
    {
        var fixture = TrainingFixture.Load(arch);
        using var model = fixture.LoadModel();
        using var batch = fixture.Batch();
        using var scope = NewDisposeScope();
        var losses = model.Loss(batch);

        var reference = fixture.Losses;
        foreach (var (name, expected) in reference)
        {
            double actual = losses[name].item<float>();
            double error = Math.Abs(actual - expected) / Math.Abs(expected);
            output.WriteLine($"{arch} {name}: Detect {actual:R}, torchvision {expected:R}, relative error {error:E2}");
            Assert.True(error <= LossTolerance, $"{arch} {name}: Detect {actual}, torchvision {expected} (relative error {error:E2})");
        }

        reference.Keys.Select(name => losses[name]).Aggregate((a, b) => a + b).backward();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var failures = new List<string>();
        foreach (var (name, exact, torchvisionError) in fixture.Gradients)
        {
            var grad = parameters[name].grad ?? throw new InvalidOperationException($"{arch}: {name} has no gradient");
            double error = GoldenFeatures.MaxRelativeErrors([grad], [exact])[0];
            double bound = Math.Max(GradientTolerance, 2 * torchvisionError);
            output.WriteLine($"{arch} grad {name}: max |Δ| / max |float64|: Detect {error:E2}, torchvision float32 {torchvisionError:E2}");
            if (!(error <= bound)) failures.Add($"{name}: Detect's error against float64 {error:E2} exceeds {bound:E2}");
        }
        Assert.True(failures.Count == 0, $"{arch}: " + string.Join("; ", failures));
    }
}
