using Detect.Models.Layers;
using Detect.Models.RoIHeads;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.RoIHeads;

/// <summary>
/// <see cref="CascadeRoIHead"/> against <see cref="StandardRoIHead"/>: one stage of the cascade is the standard head (same
/// weights, same seeded sampler: the same losses under MMDetection's <c>s0.</c> prefix, the same detections, bit for bit);
/// a stage's loss weight scales its losses and not its accuracy; the second stage trains on the first stage's refined boxes.
/// </summary>
public sealed class CascadeRoIHeadTests
{
    static CascadeRoIHeadTests() => TorchRuntime.EnsureInitialized();

    const int S = 256;

    static SingleRoIExtractor Extractor() => new(new RoIAlignLayer(7), 4, [4, 8, 16, 32]);

    static Shared2FCBBoxHead Head(double[] targetStds) =>
        new(numClasses: 4, inChannels: 4, fcOutChannels: 16, bboxCoder: new DeltaXYWHBBoxCoder(targetStds: targetStds));

    static RcnnTrainConfig Settings(double iou) =>
        new(new MaxIoUAssigner(iou, iou, minPosIou: iou, matchLowQuality: false), new RandomSampler(64, 0.25, generator: new Generator(0)));

    /// <summary>A cascade whose stage i has the weights of <paramref name="heads"/>[i].</summary>
    static CascadeRoIHead Cascade(IReadOnlyList<Shared2FCBBoxHead> heads, double[] weights, double[] ious)
    {
        var copies = heads.Select((h, i) => Seeded.Build(() => Head(StageStds[i]))).ToList();
        for (int i = 0; i < heads.Count; i++) copies[i].load_state_dict(heads[i].state_dict());
        return new CascadeRoIHead(heads.Count, weights, Extractor(), copies, trainCfg: [.. ious.Select(Settings)], testCfg: new RcnnTestConfig(scoreThr: 0));
    }

    static readonly double[][] StageStds = [[0.1, 0.1, 0.2, 0.2], [0.05, 0.05, 0.1, 0.1]];

    static (Tensor[] Feats, InstanceData Proposals, DetDataSample Sample) Inputs()
    {
        var gen = new Generator(1);
        Tensor[] feats = [.. new[] { 4, 8, 16, 32, 64 }.Select(d => rand(1, 4, S / d, S / d, generator: gen))];
        var xy = rand(100, 2, generator: gen) * 200;
        var boxes = cat([xy, xy + rand(100, 2, generator: gen) * 50 + 4], 1).clamp(0, S);
        var gt = new InstanceData(tensor(new float[] { 23.7f, 23.9f, 138.6f, 151.9f, 100, 60, 220, 200 }).view(2, 4), tensor(new long[] { 2, 0 }));
        var sample = new DetDataSample(new ImageMeta(0, "s.png", (S, S), (S, S), (S, S), (1, 1)) { BatchInputShape = (S, S) }, gt);
        return (feats, new InstanceData(boxes, zeros(100, dtype: ScalarType.Int64), rand(100, generator: gen)), sample);
    }

    [Fact]
    public void OneStageIsTheStandardRoIHead()
    {
        using var scope = NewDisposeScope();
        var (feats, proposals, sample) = Inputs();
        var head = Seeded.Build(() => Head(StageStds[0]));
        var standard = new StandardRoIHead(Extractor(), head, trainCfg: Settings(0.5), testCfg: new RcnnTestConfig(scoreThr: 0));
        var cascade = Cascade([head], [1], [0.5]);

        var expected = standard.Loss(feats, [proposals], [sample]);
        var actual = cascade.Loss(feats, [proposals], [sample]);
        Assert.Equal(expected.Keys.Select(k => "s0." + k).Order(), actual.Keys.Order());
        foreach (var (key, loss) in expected)
            Assert.Equal(loss.item<float>(), actual["s0." + key].item<float>());

        var meta = sample.Meta;
        using var noGrad = no_grad();
        var want = standard.Predict(feats, [proposals], [meta], rescale: false)[0];
        var got = cascade.Predict(feats, [proposals], [meta], rescale: false)[0];
        Assert.True(want.Count > 0);
        Assert.Equal(want.Bboxes.data<float>().ToArray(), got.Bboxes.data<float>().ToArray());
        Assert.Equal(want.Scores!.data<float>().ToArray(), got.Scores!.data<float>().ToArray());
        Assert.Equal(want.Labels.data<long>().ToArray(), got.Labels.data<long>().ToArray());
    }

    [Fact]
    public void OneStageWithAMaskHeadIsTheStandardMaskBranch()
    {
        using var scope = NewDisposeScope();
        var (feats, proposals, plain) = Inputs();
        var masks = zeros(2, S, S, dtype: ScalarType.Bool);
        masks[0, 30..150, 30..130] = tensor(true);
        masks[1, 70..190, 110..210] = tensor(true);
        var sample = plain with { GtInstances = new InstanceData(plain.GtInstances!.Bboxes, plain.GtInstances.Labels, masks: masks) };
        var head = Seeded.Build(() => Head(StageStds[0]));
        var maskHead = Seeded.Build(() => new FCNMaskHead(numClasses: 4, numConvs: 1, inChannels: 4, convOutChannels: 4), 3);
        var maskCopy = Seeded.Build(() => new FCNMaskHead(numClasses: 4, numConvs: 1, inChannels: 4, convOutChannels: 4), 4);
        maskCopy.load_state_dict(maskHead.state_dict());
        var maskExtractor = new SingleRoIExtractor(new RoIAlignLayer(14), 4, [4, 8, 16, 32]);
        var standard = new StandardRoIHead(Extractor(), head, maskExtractor, maskHead, Settings(0.5), new RcnnTestConfig(scoreThr: 0));
        var headCopy = Seeded.Build(() => Head(StageStds[0]));
        headCopy.load_state_dict(head.state_dict());
        var cascade = new CascadeRoIHead(1, [1], Extractor(), [headCopy], maskExtractor, [maskCopy], [Settings(0.5)], new RcnnTestConfig(scoreThr: 0));

        var expected = standard.Loss(feats, [proposals], [sample]);
        var actual = cascade.Loss(feats, [proposals], [sample]);
        Assert.Equal(expected.Keys.Select(k => "s0." + k).Order(), actual.Keys.Order());
        Assert.Equal(expected["loss_mask"].item<float>(), actual["s0.loss_mask"].item<float>());

        using var noGrad = no_grad();
        var want = standard.Predict(feats, [proposals], [sample.Meta], rescale: true)[0];
        var got = cascade.Predict(feats, [proposals], [sample.Meta], rescale: true)[0];
        Assert.True(want.Count > 0);
        Assert.Equal(want.Bboxes.data<float>().ToArray(), got.Bboxes.data<float>().ToArray());
        Assert.True(want.Masks!.equal(got.Masks!).all().item<bool>(), "the averaged probabilities of one stage are that stage's");
    }

    [Fact]
    public void StageLossWeightsScaleLossesNotAccuracy()
    {
        using var scope = NewDisposeScope();
        var (feats, proposals, sample) = Inputs();
        Shared2FCBBoxHead[] heads = [Seeded.Build(() => Head(StageStds[0]), 0), Seeded.Build(() => Head(StageStds[1]), 1)];
        var full = Cascade(heads, [1, 1], [0.5, 0.6]).Loss(feats, [proposals], [sample]);
        var halved = Cascade(heads, [1, 0.5], [0.5, 0.6]).Loss(feats, [proposals], [sample]);
        Assert.Equal(["s0.acc", "s0.loss_bbox", "s0.loss_cls", "s1.acc", "s1.loss_bbox", "s1.loss_cls"], full.Keys.Order());
        Assert.Equal(full["s1.acc"].item<float>(), halved["s1.acc"].item<float>());
        Assert.Equal(full["s1.loss_cls"].item<float>() * 0.5f, halved["s1.loss_cls"].item<float>());
        Assert.Equal(full["s1.loss_bbox"].item<float>() * 0.5f, halved["s1.loss_bbox"].item<float>());
        Assert.Equal(full["s0.loss_cls"].item<float>(), halved["s0.loss_cls"].item<float>());
        Assert.True(full["s1.loss_bbox"].item<float>() > 0, "the second stage has positives among the refined boxes");
    }

    [Fact]
    public void NoProposalsPredictNothing()
    {
        using var scope = NewDisposeScope();
        var (feats, _, sample) = Inputs();
        var cascade = Cascade([Seeded.Build(() => Head(StageStds[0])), Seeded.Build(() => Head(StageStds[1]))], [1, 0.5], [0.5, 0.6]);
        var empty = new InstanceData(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), zeros(0));
        using var noGrad = no_grad();
        Assert.Equal(0, cascade.Predict(feats, [empty], [sample.Meta], rescale: true)[0].Count);
    }

    [Fact]
    public void SettingsMustHaveOneItemPerStage()
    {
        var error = Assert.Throws<ArgumentException>(() => new CascadeRoIHead(2, [1, 0.5], Extractor(), [Head(StageStds[0]), Head(StageStds[1])], trainCfg: [Settings(0.5)]));
        Assert.Contains("2 stage(s) but train_cfg.rcnn has 1 item(s)", error.Message);
    }
}
