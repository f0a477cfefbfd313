using Detect.Models.TaskModules.Assigners;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// MaxIoUAssigner and AtssAssigner against MMDetection's tests
/// (tests/test_models/test_task_modules/test_assigners/test_max_iou_assigner.py, test_atss_assigner.py)
/// plus the edge cases of the issue.
/// </summary>
public class AssignerTests
{
    public AssignerTests() => TorchRuntime.EnsureInitialized();

    static Tensor Boxes(params float[][] rows) => rows.Length == 0 ? zeros(0, 4) : tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, 4);

    // The priors and ground truths of MMDetection's tests.
    static Tensor Priors() => Boxes([0, 0, 10, 10], [10, 10, 20, 20], [5, 5, 15, 15], [32, 32, 38, 42]);
    static Tensor Gts() => Boxes([0, 0, 10, 9], [0, 10, 10, 19]);
    static Tensor GtLabels() => tensor(new long[] { 2, 3 });

    static long[] Inds(AssignResult result) => result.GtInds.data<long>().ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MaxIoUAssignerOfMmdetection(bool negativeRange)
    {
        using var scope = NewDisposeScope();
        var assigner = negativeRange ? new MaxIoUAssigner(0.5, (0.0, 0.5)) : new MaxIoUAssigner(0.5, 0.5);
        using var result = assigner.Assign(Priors(), Gts(), GtLabels());
        Assert.Equal(new long[] { 1, 0, 2, 0 }, Inds(result));
        Assert.Equal(new long[] { 2, -1, 3, -1 }, result.Labels.data<long>().ToArray());
        Assert.Equal(2, result.NumGts);
    }

    [Fact]
    public void MaxIoUAssignerWithIgnoredBoxes()
    {
        using var scope = NewDisposeScope();
        var assigner = new MaxIoUAssigner(0.5, 0.5, ignoreIofThr: 0.5, ignoreWrtCandidates: false);
        var priors = Boxes([0, 0, 10, 10], [10, 10, 20, 20], [5, 5, 15, 15], [30, 32, 40, 42]);
        using var result = assigner.Assign(priors, Gts(), GtLabels(), Boxes([30, 30, 40, 40]));
        Assert.Equal(new long[] { 1, 0, 2, -1 }, Inds(result));
    }

    [Fact]
    public void NoGroundTruthMakesEveryPriorNegative()
    {
        using var scope = NewDisposeScope();
        using var maxIou = new MaxIoUAssigner(0.5, 0.5).Assign(Priors(), Boxes(), zeros(0, dtype: ScalarType.Int64));
        Assert.Equal(new long[] { 0, 0, 0, 0 }, Inds(maxIou));
        Assert.Equal(new long[] { -1, -1, -1, -1 }, maxIou.Labels.data<long>().ToArray());
        using var atss = new AtssAssigner(9).Assign(Priors(), Boxes(), zeros(0, dtype: ScalarType.Int64), numLevelPriors: [4]);
        Assert.Equal(new long[] { 0, 0, 0, 0 }, Inds(atss));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoPredictionsGiveAnEmptyAssignment(bool withIgnore)
    {
        using var scope = NewDisposeScope();
        var ignore = withIgnore ? Boxes([30, 30, 40, 40]) : null;
        using var maxIou = new MaxIoUAssigner(0.5, 0.5, ignoreIofThr: 0.5).Assign(Boxes(), Gts(), GtLabels(), ignore);
        Assert.Equal(new long[] { 0 }, maxIou.GtInds.shape);
        Assert.Equal(new long[] { 0 }, maxIou.Labels.shape);
        using var atss = new AtssAssigner(9, ignoreIofThr: 0.5).Assign(Boxes(), Gts(), GtLabels(), ignore, numLevelPriors: [0]);
        Assert.Equal(new long[] { 0 }, atss.GtInds.shape);
        using var neither = new MaxIoUAssigner(0.5, 0.5).Assign(Boxes(), Boxes(), zeros(0, dtype: ScalarType.Int64));
        Assert.Equal(0, neither.NumPreds);
    }

    [Fact]
    public void IouExactlyAtThePositiveThresholdIsPositive()
    {
        using var scope = NewDisposeScope();
        // IoU([0,0,10,10], [0,0,10,5]) = 0.5 exactly; without low-quality matching only the thresholds decide.
        var assigner = new MaxIoUAssigner(0.5, 0.4, matchLowQuality: false);
        using var result = assigner.Assign(Boxes([0, 0, 10, 5], [0, 0, 10, 3.9f], [0, 0, 10, 4.5f]), Boxes([0, 0, 10, 10]), tensor(new long[] { 7 }));
        // 0.5 → positive; 0.39 → negative; 0.45 → ignored (between the thresholds).
        Assert.Equal(new long[] { 1, 0, -1 }, Inds(result));
        Assert.Equal(new[] { 0.5f, 0.39f, 0.45f }, result.MaxOverlaps.data<float>().ToArray());
    }

    [Fact]
    public void IdenticalBoxesAreMatchedWithIouOne()
    {
        using var scope = NewDisposeScope();
        using var result = new MaxIoUAssigner(0.7, 0.3).Assign(Boxes([5, 5, 25, 45], [100, 100, 120, 120]), Boxes([5, 5, 25, 45]), tensor(new long[] { 4 }));
        Assert.Equal(new long[] { 1, 0 }, Inds(result));
        Assert.Equal(1f, result.MaxOverlaps[0].item<float>());
    }

    [Fact]
    public void ZeroAreaBoxesNeverMatch()
    {
        using var scope = NewDisposeScope();
        // A zero-area prior has IoU 0 with everything (MMDetection's eps keeps it from being 0/0).
        using var result = new MaxIoUAssigner(0.5, 0.5, matchLowQuality: false).Assign(Boxes([5, 5, 5, 5], [0, 0, 10, 10]), Boxes([0, 0, 10, 10]), tensor(new long[] { 1 }));
        Assert.Equal(new long[] { 0, 1 }, Inds(result));
        Assert.Equal(0f, result.MaxOverlaps[0].item<float>());
    }

    [Fact]
    public void LowQualityMatchesGiveEveryGroundTruthItsBestPrior()
    {
        using var scope = NewDisposeScope();
        // Ground truth 0 overlaps prior 0 by 0.25 only; ground truth 1 overlaps priors 1 and 2 equally (0.6).
        var priors = Boxes([0, 0, 10, 10], [20, 0, 30, 10], [25, 0, 35, 10]);
        var gts = Boxes([0, 0, 5, 5], [22.5f, 0, 32.5f, 10]);
        var labels = tensor(new long[] { 0, 1 });
        using var all = new MaxIoUAssigner(0.7, 0.3, minPosIou: 0.2).Assign(priors, gts, labels);
        Assert.Equal(new long[] { 1, 2, 2 }, Inds(all));
        using var firstOnly = new MaxIoUAssigner(0.7, 0.3, minPosIou: 0.2, gtMaxAssignAll: false).Assign(priors, gts, labels);
        Assert.Equal(new long[] { 1, 2, -1 }, Inds(firstOnly));
        using var tooLow = new MaxIoUAssigner(0.7, 0.3, minPosIou: 0.3).Assign(priors, gts, labels);
        Assert.Equal(new long[] { 0, 2, 2 }, Inds(tooLow));
    }

    [Fact]
    public void LaterGroundTruthsOverrideEarlierLowQualityClaims()
    {
        using var scope = NewDisposeScope();
        // Both ground truths have the same best prior: MMDetection's loop lets the later one keep it.
        using var result = new MaxIoUAssigner(0.9, 0.1).Assign(Boxes([0, 0, 10, 10]), Boxes([0, 0, 10, 6], [0, 0, 10, 7]), tensor(new long[] { 3, 5 }));
        Assert.Equal(new long[] { 2 }, Inds(result));
        Assert.Equal(new long[] { 5 }, result.Labels.data<long>().ToArray());
    }

    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.3)]
    public void VectorisedLowQualityMatchingEqualsMmdetectionsLoopOverGroundTruths(bool gtMaxAssignAll, double minPosIou)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(42);
        // Coarse integer boxes so that ties between priors really happen.
        var priors = RandomBoxes(g, 300);
        var gts = RandomBoxes(g, 12);
        var assigner = new MaxIoUAssigner(0.6, (0.1, 0.4), minPosIou: minPosIou, gtMaxAssignAll: gtMaxAssignAll);
        using var result = assigner.Assign(priors, gts, arange(12));

        // MMDetection's step 4 as written there: for i in range(num_gts), later ground truths overwrite.
        using var plain = new MaxIoUAssigner(0.6, (0.1, 0.4), matchLowQuality: false).Assign(priors, gts, arange(12));
        var expected = plain.GtInds.clone();
        var overlaps = Detect.Ops.BoxIou.Pairwise(gts, priors);
        for (int i = 0; i < 12; i++)
        {
            var (best, bestPrior) = overlaps[i].max(0);
            if (best.item<float>() < minPosIou) continue;
            if (gtMaxAssignAll) expected[overlaps[i].eq(best)] = tensor((long)i + 1);
            else expected[bestPrior] = tensor((long)i + 1);
        }
        Assert.Equal(expected.data<long>().ToArray(), Inds(result));
        Assert.True(result.GtInds.gt(0).sum().item<long>() > plain.GtInds.gt(0).sum().item<long>());
    }

    static Tensor RandomBoxes(Generator g, int n)
    {
        var xy = randint(0, 40, [n, 2], generator: g);
        return cat([xy, xy + randint(2, 12, [n, 2], generator: g)], 1).to(ScalarType.Float32);
    }

    [Fact]
    public void AtssAssignerOfMmdetection()
    {
        using var scope = NewDisposeScope();
        using var result = new AtssAssigner(topk: 9).Assign(Priors(), Gts(), GtLabels(), numLevelPriors: [4]);
        Assert.Equal(new long[] { 1, 0, 0, 0 }, Inds(result));
        Assert.Equal(4, result.Labels.shape[0]);

        var priors = Boxes([0, 0, 10, 10], [10, 10, 20, 20], [5, 5, 15, 15], [30, 32, 40, 42]);
        using var ignored = new AtssAssigner(topk: 9).Assign(priors, Gts(), GtLabels(), Boxes([30, 30, 40, 40]), numLevelPriors: [4]);
        Assert.Equal(new long[] { 1, 0, 0, 0 }, Inds(ignored));
    }

    [Fact]
    public void AtssPicksCandidatesPerLevel()
    {
        using var scope = NewDisposeScope();
        // Two levels of 4×4 anchors (stride 8, size 16) and 2×2 (stride 16, size 32) over a 32×32 image.
        var level0 = Grid(8, 16, 4);
        var level1 = Grid(16, 32, 2);
        var gt = Boxes([2, 2, 26, 26]);
        using var result = new AtssAssigner(topk: 3).Assign(cat([level0, level1]), gt, tensor(new long[] { 1 }), numLevelPriors: [16, 4]);
        var positives = result.GtInds.gt(0).nonzero().view(-1).data<long>().ToArray();
        // Candidates: anchors 5, 6, 9 of level 0 (IoU 0.444, 0.368, 0.368) and 16, 17, 18 of level 1
        // (0.434, 0.329, 0.329); mean + std = 0.4288, so anchors 5 and 16 are positive (centres inside).
        Assert.Equal(new long[] { 5, 16 }, positives);
        Assert.Equal(-100000000f, result.MaxOverlaps.masked_select(result.GtInds.eq(0)).min().item<float>());
        Assert.Throws<ArgumentException>(() => new AtssAssigner(3).Assign(level0, gt, tensor(new long[] { 1 })));
    }

    static Tensor Grid(int stride, int size, int cells)
    {
        var rows = new List<float[]>();
        for (int y = 0; y < cells; y++)
        for (int x = 0; x < cells; x++)
        {
            float cx = x * stride + stride / 2f, cy = y * stride + stride / 2f;
            rows.Add([cx - size / 2f, cy - size / 2f, cx + size / 2f, cy + size / 2f]);
        }
        return Boxes(rows.ToArray());
    }
}
