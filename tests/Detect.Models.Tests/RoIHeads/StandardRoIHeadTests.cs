using Detect.Models.Layers;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.RoIHeads;

/// <summary>
/// MMDetection's test_standard_roi_head: with no ground truth only the classification loss is positive; with one
/// ground truth the classification, box and mask losses all are; every value is the reviewed one of this seeded head.
/// </summary>
public sealed class StandardRoIHeadTests(ITestOutputHelper output)
{
    static StandardRoIHeadTests() => TorchRuntime.EnsureInitialized();

    const int S = 256;

    static StandardRoIHead Build() => Seeded.Build(Create);

    /// <summary>
    /// Reviewed values of the seeded head on <see cref="Inputs"/> (see <see cref="ReviewedValues"/>). Checked: classification about
    /// ln 5 (4 classes and the background, logits near 0); with one ground truth the box loss is tiny, because the only positive is
    /// the ground truth added as a proposal (target deltas 0, predictions near 0) and the loss is averaged over all 101 sampled RoIs.
    /// </summary>
    static readonly Dictionary<string, double> NoGt = new() { ["loss_cls"] = 1.6083629, ["acc"] = 17, ["loss_bbox"] = 0, ["loss_mask"] = 0 };

    static readonly Dictionary<string, double> OneGt = new() { ["loss_cls"] = 1.6083534, ["acc"] = 16.831684, ["loss_bbox"] = 3.1655596e-05, ["loss_mask"] = 0.74618864 };

    static StandardRoIHead Create() => new(
        new SingleRoIExtractor(new RoIAlignLayer(7), 4, [4, 8, 16, 32]),
        new Shared2FCBBoxHead(numClasses: 4, inChannels: 4, fcOutChannels: 16),
        new SingleRoIExtractor(new RoIAlignLayer(14), 4, [4, 8, 16, 32]),
        new FCNMaskHead(numClasses: 4, numConvs: 1, inChannels: 4, convOutChannels: 4),
        new RcnnTrainConfig(new MaxIoUAssigner(0.5, 0.5, minPosIou: 0.5, matchLowQuality: true), new RandomSampler(512, 0.25, generator: new Generator(0))),
        new RcnnTestConfig());

    static (Tensor[] Feats, InstanceData Proposals) Inputs()
    {
        var gen = new Generator(1);
        Tensor[] feats = [.. new[] { 4, 8, 16, 32, 64 }.Select(d => rand(1, 4, S / d, S / d, generator: gen))];
        var xy = rand(100, 2, generator: gen) * 200;
        var boxes = cat([xy, xy + rand(100, 2, generator: gen) * 50 + 4], 1).clamp(0, S);
        return (feats, new InstanceData(boxes, zeros(100, dtype: ScalarType.Int64), rand(100, generator: gen)));
    }

    static DetDataSample Sample(InstanceData gt) =>
        new(new ImageMeta(0, "s.png", (S, S), (S, S), (S, S), (1, 1)) { BatchInputShape = (S, S) }, gt);

    [Fact]
    public void EmptyGroundTruthGivesClassificationLossOnly()
    {
        using var scope = NewDisposeScope();
        var (feats, proposals) = Inputs();
        var gt = new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), masks: zeros(0, S, S, dtype: ScalarType.Bool));
        var losses = Build().Loss(feats, [proposals], [Sample(gt)]);
        foreach (var (key, loss) in losses)
        {
            output.WriteLine($"without ground truth: {key} = {loss.item<float>():R}");
            ReviewedValues.AssertClose(NoGt[key], loss.item<float>(), key);
        }
        Assert.True(losses["loss_cls"].item<float>() > 0);
        Assert.Equal(0, losses["loss_bbox"].item<float>());
        Assert.Equal(0, losses["loss_mask"].item<float>());
    }

    [Fact]
    public void OneGroundTruthGivesEveryLoss()
    {
        using var scope = NewDisposeScope();
        var (feats, proposals) = Inputs();
        var masks = zeros(1, S, S, dtype: ScalarType.Bool);
        masks[0, 40..150, 30..200] = tensor(true);
        var gt = new InstanceData(tensor(new float[] { 23.6667f, 23.8757f, 238.6326f, 151.8874f }).view(1, 4), tensor(new long[] { 2 }), masks: masks);
        var losses = Build().Loss(feats, [proposals], [Sample(gt)]);
        foreach (var (key, loss) in losses)
        {
            output.WriteLine($"with one ground truth: {key} = {loss.item<float>():R}");
            ReviewedValues.AssertClose(OneGt[key], loss.item<float>(), key);
        }
        Assert.Equal(["loss_cls", "acc", "loss_bbox", "loss_mask"], losses.Keys);
        foreach (var key in new[] { "loss_cls", "loss_bbox", "loss_mask" })
            Assert.True(losses[key].item<float>() > 0, $"{key} = {losses[key].item<float>()}");
        float acc = losses["acc"].item<float>();
        Assert.InRange(acc, 0, 100);
    }

    [Fact]
    public void PredictsMasksAtTheOriginalImageSize()
    {
        using var scope = NewDisposeScope();
        var (feats, proposals) = Inputs();
        var head = Build();
        head.eval();
        var meta = new ImageMeta(0, "s.png", (128, 128), (S, S), (S, S), (2, 2)) { BatchInputShape = (S, S) };
        using var noGrad = no_grad();
        var result = head.Predict(feats, [proposals], [meta], rescale: true)[0];
        Assert.NotNull(result.Masks);
        Assert.Equal(new long[] { result.Count, 128, 128 }, result.Masks!.shape);
        Assert.True(result.Bboxes.max().item<float>() <= 128);
    }
}
