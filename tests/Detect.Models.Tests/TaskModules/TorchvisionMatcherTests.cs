using Detect.Models.TaskModules.Assigners;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// torchvision's <c>Matcher</c> against hand-computed IoUs, and where its low-quality matches part from MMDetection's: a prior that is
/// one box's best but overlaps another box more goes to the other box (torchvision), not to the box it is best for (MMDetection).
/// </summary>
public class TorchvisionMatcherTests
{
    public TorchvisionMatcherTests() => TorchRuntime.EnsureInitialized();

    // Boxes 0 and 1 overlap. Prior 0 is box 0's best (IoU 60/140 = 0.43) but overlaps box 1 more (90/110 = 0.82);
    // prior 1 is box 1 itself; prior 2 touches nothing; prior 3 overlaps box 0 by 45/145 = 0.31.
    static Tensor Gts => tensor(new float[] { 0, 0, 10, 10, 5, 0, 15, 10 }).view(2, 4);
    static Tensor Labels => tensor(new long[] { 7, 3 });
    static Tensor Priors => tensor(new float[] { 4, 0, 14, 10, 5, 0, 15, 10, 30, 0, 40, 10, -5, 1, 5, 10 }).view(4, 4);

    static long[] Inds(AssignResult result) => result.GtInds.data<long>().ToArray();

    [Fact]
    public void ThresholdsSplitPriorsIntoNegativeIgnoredAndPositive()
    {
        using var scope = NewDisposeScope();
        using var result = new TorchvisionMatcher(0.9, 0.5).Assign(Priors, Gts, Labels);
        // Prior 0 (0.82) lies between the thresholds: ignored; prior 1 (1.0) is box 1's; priors 2 and 3 are below 0.5.
        Assert.Equal(new long[] { -1, 2, 0, 0 }, Inds(result));
        Assert.Equal(new long[] { -1, 3, -1, -1 }, result.Labels.data<long>().ToArray());
        Assert.Equal(45f / 145, result.MaxOverlaps[3].item<float>(), 6);
        Assert.Equal(90f / 110, result.MaxOverlaps[0].item<float>(), 6);
    }

    [Fact]
    public void LowQualityMatchesTakeThePriorsOwnBestBox()
    {
        using var scope = NewDisposeScope();
        using var torchvision = new TorchvisionMatcher(0.9, 0.5, allowLowQualityMatches: true).Assign(Priors, Gts, Labels);
        using var mmdetection = new MaxIoUAssigner(0.9, 0.5, minPosIou: 0).Assign(Priors, Gts, Labels);
        Assert.Equal(new long[] { 2, 2, 0, 0 }, Inds(torchvision));   // prior 0: its own best, box 1
        Assert.Equal(new long[] { 1, 2, 0, 0 }, Inds(mmdetection));   // prior 0: the box it is best for, box 0
    }

    [Fact]
    public void WithoutGroundTruthEveryPriorIsNegative()
    {
        using var scope = NewDisposeScope();
        using var result = new TorchvisionMatcher(0.7, 0.3, allowLowQualityMatches: true).Assign(Priors, zeros(0, 4), zeros(0, dtype: ScalarType.Int64));
        Assert.Equal(new long[] { 0, 0, 0, 0 }, Inds(result));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchvisionMatcher(0.3, 0.7));
    }
}
