using Detect.Models.Backbones;
using Detect.Models.Layers;
using Detect.Models.Tests.Detectors;
using Detect.Platform;
using TorchSharp;
using TorchSharp.Modules;
using BatchNorm2d = Detect.Models.Layers.BatchNorm2d;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Layers;

/// <summary>
/// MMCV's <c>fuse_conv_bn</c>: every batch norm that follows a conv is folded into it and replaced by an identity, and the
/// fused model computes what the unfused one did (features and detections within 1e-4 of their magnitude).
/// </summary>
public class ConvBnFusionTests
{
    public static TheoryData<string> Names => ["retinanet", "fcos", "faster_rcnn", "mask_rcnn"];

    [Theory]
    [MemberData(nameof(Names))]
    public void FusedDetectorsComputeWhatTheyComputedBefore(string name)
    {
        TorchRuntime.EnsureInitialized();
        using var model = SmallDetectors.Build(name);
        RandomizeNorms(model, seed: 7);
        model.eval();
        using var scope = NewDisposeScope();
        var input = randn([1, 3, 96, 128], generator: new Generator(3));
        var before = model.ForwardDense(input);
        var detectionsBefore = model.Predict(SmallDetectors.OddSizedBatch(seed: 1));
        int norms = model.modules().Count(m => m is BatchNorm);

        var report = ConvBnFusion.Fuse(model);

        Assert.Equal(norms, report.Fused.Count);
        Assert.Empty(report.Skipped);
        Assert.DoesNotContain(model.modules(), m => m is BatchNorm);
        var after = model.ForwardDense(input);
        foreach (var (b, a) in before.ClsScores.Concat(before.BboxPreds).Zip(after.ClsScores.Concat(after.BboxPreds)))
            AssertClose(b, a, $"{name} dense outputs");
        var detectionsAfter = model.Predict(SmallDetectors.OddSizedBatch(seed: 1));
        foreach (var (b, a) in detectionsBefore.Zip(detectionsAfter))
            AssertSameDetections(b.PredInstances!, a.PredInstances!, name);
    }

    [Fact]
    public void NormKeysLeaveTheStateDictAndConvsGainBiases()
    {
        TorchRuntime.EnsureInitialized();
        using var resnet = new ResNet(depth: 18, baseChannels: 8);
        var report = ConvBnFusion.Fuse(resnet);
        var keys = resnet.state_dict().Keys.ToHashSet();
        Assert.Contains(("conv1", "bn1"), report.Fused);
        Assert.Contains(("layer2.0.downsample.0", "layer2.0.downsample.1"), report.Fused);
        Assert.DoesNotContain("bn1.weight", keys);
        Assert.DoesNotContain("layer2.0.downsample.1.running_mean", keys);
        Assert.Contains("conv1.bias", keys);
        Assert.Contains("layer2.0.downsample.0.bias", keys);
        Assert.IsType<Identity>(resnet.named_modules().Single(m => m.name == "layer1.0.bn2").module);
    }

    [Fact]
    public void FrozenNormsFoldAndGroupNormsStay()
    {
        TorchRuntime.EnsureInitialized();
        using var frozen = new ConvModule(4, 6, 3, padding: 1, normCfg: NormConfig.FrozenBN);
        using var grouped = new ConvModule(4, 6, 3, padding: 1, normCfg: NormConfig.GN(2));
        RandomizeNorms(frozen, seed: 1);
        frozen.eval();
        var x = randn([2, 4, 9, 7], generator: new Generator(5));
        using var before = frozen.call(x);

        Assert.Single(ConvBnFusion.Fuse(frozen).Fused);
        Assert.Empty(ConvBnFusion.Fuse(grouped).Fused);
        Assert.IsType<Identity>(frozen.Norm);
        Assert.IsType<GroupNorm>(grouped.Norm);
        using var after = frozen.call(x);
        AssertClose(before, after, "FrozenBN ConvModule");
    }

    [Fact]
    public void PairsWhoseParentCannotReplaceChildrenAreReportedNotFused()
    {
        TorchRuntime.EnsureInitialized();
        // A root Sequential cannot be swapped in its parent; a norm before any conv has nothing to fold into.
        using var root = nn.Sequential(("0", new BatchNorm2d(3)), ("1", nn.Conv2d(3, 4, 1)), ("2", new BatchNorm2d(4)));
        var weight = ((Conv2d)root[1]).weight.clone();
        var report = ConvBnFusion.Fuse(root);
        Assert.Empty(report.Fused);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(("1", "2"), (skipped.Conv, skipped.Norm));
        Assert.Contains("cannot replace its children", skipped.Reason);
        Assert.True(weight.equal(((Conv2d)root[1]).weight).all().item<bool>(), "an unfused conv must keep its weights");
    }

    [Fact]
    public void NestedSequentialsAreRebuiltAroundTheFusedPair()
    {
        TorchRuntime.EnsureInitialized();
        using var model = new ResNet(depth: 18, baseChannels: 8, deepStem: true);
        RandomizeNorms(model, seed: 2);
        model.eval();
        var x = randn([1, 3, 32, 32], generator: new Generator(9));
        var before = model.call(x);
        var report = ConvBnFusion.Fuse(model);
        Assert.Contains(("stem.0", "stem.1"), report.Fused);
        Assert.Contains(("stem.6", "stem.7"), report.Fused);
        var after = model.call(x);
        foreach (var (b, a) in before.Zip(after)) AssertClose(b, a, "deep-stem ResNet features");
    }

    // Fresh norms are identities (mean 0, var 1, weight 1, bias 0, or weight 0 for zero_init_residual); give them real statistics.
    static void RandomizeNorms(nn.Module model, int seed)
    {
        var gen = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var m in model.modules())
        {
            var (mean, var, weight, bias) = m switch
            {
                BatchNorm bn => (bn.running_mean!, bn.running_var!, (Tensor)bn.weight, (Tensor)bn.bias!),
                FrozenBatchNorm2d f => (f.RunningMean, f.RunningVar, f.Weight, f.Bias),
                _ => default((Tensor, Tensor, Tensor, Tensor)?) ?? (null!, null!, null!, null!),
            };
            if (mean is null) continue;
            long c = mean.shape[0];
            mean.copy_(randn(c, generator: gen) * 0.2);
            var.copy_(rand(c, generator: gen) + 0.5);
            weight.copy_(rand(c, generator: gen) + 0.5);
            bias.copy_(randn(c, generator: gen) * 0.2);
        }
    }

    // Every detection before fusion has one after with the same label, score within 1e-4 and box within 1e-4 of the
    // coordinates' magnitude. Random weights give many nearly equal scores, so order may change, and detections scoring
    // within 1e-4 of the lowest kept one may trade places with ones just below the cut (max_per_img, score_thr).
    static void AssertSameDetections(Detect.Structures.InstanceData before, Detect.Structures.InstanceData after, string name)
    {
        Assert.Equal(before.Count, after.Count);
        if (before.Count == 0) return;
        float[] Values(Tensor t) => t.cpu().contiguous().data<float>().ToArray();
        long[] Labels(Tensor t) => t.cpu().contiguous().data<long>().ToArray();
        var (bs, bb, bl) = (Values(before.Scores!), Values(before.Bboxes), Labels(before.Labels));
        var (as_, ab, al) = (Values(after.Scores!), Values(after.Bboxes), Labels(after.Labels));
        double scale = Math.Max(1.0, bb.Max(Math.Abs)), cutoff = bs.Min() + 1e-4;
        var used = new bool[as_.Length];
        for (int i = 0; i < bs.Length; i++)
        {
            int match = Enumerable.Range(0, as_.Length).FirstOrDefault(j => !used[j] && al[j] == bl[i] && Math.Abs(as_[j] - bs[i]) <= 1e-4
                && Enumerable.Range(0, 4).All(k => Math.Abs(ab[4 * j + k] - bb[4 * i + k]) <= 1e-4 * scale), -1);
            if (match >= 0) used[match] = true;
            else Assert.True(bs[i] <= cutoff, $"{name}: detection {i} (label {bl[i]}, score {bs[i]}) has no counterpart after fusion");
        }
    }

    // max |a − b| ≤ 1e-4 · max(1, max |b|).
    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        if (expected.numel() == 0) return;
        double scale = Math.Max(1.0, expected.abs().max().item<float>());
        double diff = (expected - actual).abs().max().item<float>();
        Assert.True(diff <= 1e-4 * scale, $"{what}: max |difference| {diff} exceeds 1e-4 × {scale}");
    }
}
