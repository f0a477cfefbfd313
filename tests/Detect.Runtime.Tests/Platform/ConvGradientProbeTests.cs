using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Platform;

/// <summary>The pieces the convolution-gradient probe and the gradient sweep measure with.</summary>
[Collection(AllocatorStateCollection.Name)]
public sealed class ConvGradientProbeTests
{
    public ConvGradientProbeTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void GradientErrorCountsNaNAndScalesByTheLargestReferenceValue()
    {
        using var scope = NewDisposeScope();
        var reference = tensor(new double[] { 4, -2, 1, 0 });
        var error = GradientError.Of(tensor(new float[] { 4, -2, float.NaN, 0.5f }), reference);
        Assert.Equal(new GradientError(4, 1, 0.125), error);   // |0.5 - 0| / 4, the NaN counted apart
        Assert.False(error.IsWithin(1));
        Assert.True(GradientError.Of(tensor(new float[] { 4, -2, 1, 0 }), reference).IsWithin(0));
        Assert.Equal(0.5, GradientError.Of(tensor(new float[] { 0.5f }), tensor(new double[] { 0 })).MaxRelativeError);  // absolute for an all-zero reference
        Assert.Equal(new GradientError(4, 1, 0.5), new GradientError(4, 1, 0.1).Worst(new GradientError(4, 0, 0.5)));
        Assert.Throws<ArgumentException>(() => GradientError.Of(zeros(3), zeros(4)));
    }

    [Fact]
    public void ConvShapeDescribesAModuleAndBuildsOneLikeIt()
    {
        using var conv = nn.Conv2d(16, 4, 3, stride: 2, padding: 2, dilation: 2, groups: 2, bias: false);
        var shape = ConvShape.Of(conv)!;
        Assert.Equal(new ConvShape(16, 4, 3, Stride: 2, Padding: 2, Dilation: 2, Groups: 2, Bias: false), shape);
        Assert.Equal("16->4 3x3 s2 p2 d2 g2 no bias", shape.ToString());
        using var rebuilt = shape.ToModule();
        Assert.Equal(shape, ConvShape.Of(rebuilt));
        Assert.Equal(6, shape.OutputSize(12));   // (12 + 4 - 4 - 1) / 2 + 1
    }

    [Fact]
    public void FreedPoisonedMemoryIsNaN()
    {
        // What the probe relies on: after Poison, fresh uninitialized blocks of these sizes read NaN (glibc hands the freed ones back).
        AllocatorPoison.Poison();
        using var fresh = empty(4096);
        Assert.True(fresh.isnan().any().item<bool>());
    }

    [Fact]
    public void TheProbeReportsRoundingOnlyForKernelsRightOnEveryHostSeen()
    {
        // Groups of 2 and a stride take kernels that were right on every host seen; the probe itself must then report
        // float32 rounding only, on both paths.
        var result = ConvGradientProbe.Compare(new ConvShape(16, 6, 3, Stride: 2, Padding: 1, Groups: 2), repeats: 2);
        foreach (var error in new[] { result.PlainInput, result.PlainWeight, result.BackwardOffInput, result.BackwardOffWeight })
        {
            Assert.True(error.IsWithin(ConvBackwardCheck.Tolerance), error.ToString());
            Assert.True(error.MaxRelativeError > 0, "float32 against float64 should differ by rounding");
        }
        Assert.Equal(2 * 16 * 12 * 12, result.PlainInput.Elements);
        Assert.Equal(6 * 8 * 3 * 3, result.PlainWeight.Elements);
    }
}
