using Detect.Onnx.Runtime;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>The acceptance rule of <see cref="DetectionAgreement"/>, including boxes clipped to zero area at the border.</summary>
public sealed class DetectionAgreementTests
{
    public DetectionAgreementTests() => Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);

    static InstanceData Instances(float[] boxes, long[] labels, float[] scores) =>
        new(tensor(boxes).reshape(-1, 4), tensor(labels), tensor(scores));

    [Fact]
    public void ZeroAreaBoxesEqualToTheTolerance_Match()
    {
        // Box 0 is clipped to zero height at y = 800: its IoU with itself is undefined (0/0).
        using var reference = Instances([10, 800, 50, 800, 0, 0, 10, 10], [1, 2], [0.5f, 0.25f]);
        using var same = Instances([10, 800.0005f, 50, 800, 0, 0, 10, 10], [1, 2], [0.50005f, 0.25f]);
        Assert.Equal(1.0, DetectionAgreement.MatchedFraction(reference, same));
        using var moved = Instances([10, 800.01f, 50, 800.01f, 0, 0, 10, 10], [1, 2], [0.5f, 0.25f]);
        Assert.Equal(0.5, DetectionAgreement.MatchedFraction(reference, moved));
    }

    [Fact]
    public void LabelsAndScoresMustAgree()
    {
        using var reference = Instances([0, 0, 10, 10, 20, 20, 40, 40], [1, 2], [0.5f, 0.25f]);
        using var otherLabel = Instances([0, 0, 10, 10, 20, 20, 40, 40], [1, 3], [0.5f, 0.25f]);
        Assert.Equal(0.5, DetectionAgreement.MatchedFraction(reference, otherLabel));
        using var otherScore = Instances([0, 0, 10, 10, 20, 20, 40, 40], [1, 2], [0.5f, 0.2502f]);
        Assert.Equal(0.5, DetectionAgreement.MatchedFraction(reference, otherScore));
    }
}
