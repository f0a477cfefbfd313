using Detect.Models.DenseHeads;
using Detect.Models.Layers;
using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.TaskModules.Samplers;
using Detect.Platform;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.DenseHeads;

/// <summary>
/// MMDetection's dense-head loss tests (test_rpn_head, test_retina_head, test_fcos_head): with no ground truth the
/// classification loss is positive and the box losses are exactly 0 (there is nothing to regress); with one ground
/// truth all are positive; and every value is the reviewed one of these seeded heads.
/// </summary>
public sealed class DenseHeadLossTests(ITestOutputHelper output)
{
    static DenseHeadLossTests() => TorchRuntime.EnsureInitialized();

    static RPNHead Rpn() => new(1, new AnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [0.5, 1.0, 2.0], scales: [8, 16, 32]),
        featChannels: 4,
        trainCfg: new DenseTrainConfig(new MaxIoUAssigner(0.7, 0.3, minPosIou: 0.3), new RandomSampler(256, 0.5, addGtAsProposals: false, generator: new Generator(1)),
            allowedBorder: 0));

    static RetinaHead Retina() => new(4, 1, new AnchorGenerator(strides: [8, 16, 32, 64, 128], ratios: [0.5, 1.0, 2.0], octaveBaseScale: 4, scalesPerOctave: 3),
        featChannels: 1, stackedConvs: 1, trainCfg: new DenseTrainConfig(new MaxIoUAssigner(0.5, 0.4, minPosIou: 0)));

    static FCOSHead Fcos(bool centerSampling = false, bool normOnBbox = false, bool centernessOnReg = false) =>
        new(4, 1, featChannels: 1, stackedConvs: 1, noNorm: true, centerSampling: centerSampling, normOnBbox: normOnBbox,
            centernessOnReg: centernessOnReg);

    public static TheoryData<string> Heads => ["rpn", "retina", "fcos", "fcos-center-sampling-norm-on-bbox"];

    /// <summary>
    /// Losses of the seeded heads on <see cref="HeadInputs"/> without and with the ground truth: reviewed values (see
    /// <see cref="ReviewedValues"/>). Checked by hand without ground truth: the RPN's objectness loss is about ln 2 (logits near 0);
    /// FCOS's focal loss is 5,456 points × 4 classes × 0.75 · 0.01² · −ln 0.99 = 0.0165 (every point a negative at the prior
    /// probability 0.01, over one positive); RetinaNet's is a quarter of its 5,456 cells × 9 anchors × 4 classes times the same,
    /// 0.037, because the features are sized for strides 4–64 and its anchors have strides 8–128, so only the quarter inside the
    /// 256×256 image is valid. Box losses without ground truth are exactly 0 (MMDetection's tests).
    /// </summary>
    static readonly Dictionary<string, Dictionary<string, double>> Reviewed = new()
    {
        ["nogt rpn"] = new() { ["loss_rpn_cls"] = 0.6904936, ["loss_rpn_bbox"] = 0 },
        ["nogt retina"] = new() { ["loss_cls"] = 0.03718013, ["loss_bbox"] = 0 },
        ["nogt fcos"] = new() { ["loss_cls"] = 0.016371554, ["loss_bbox"] = 0, ["loss_centerness"] = 0 },
        ["nogt fcos-center-sampling-norm-on-bbox"] = new() { ["loss_cls"] = 0.016371554, ["loss_bbox"] = 0, ["loss_centerness"] = 0 },
        ["onegt rpn"] = new() { ["loss_rpn_cls"] = 0.69314957, ["loss_rpn_bbox"] = 0.27327982 },
        ["onegt retina"] = new() { ["loss_cls"] = 1.127046, ["loss_bbox"] = 0.647804 },
        ["onegt fcos"] = new() { ["loss_cls"] = 1.1282659, ["loss_bbox"] = 8.835453, ["loss_centerness"] = 0.6938668 },
        ["onegt fcos-center-sampling-norm-on-bbox"] = new() { ["loss_cls"] = 1.1296157, ["loss_bbox"] = 13.766057, ["loss_centerness"] = 0.68884355 },
    };

    static (DenseHead Head, int[] Divisors) Build(string name) => Seeded.Build(() => Create(name));

    static (DenseHead Head, int[] Divisors) Create(string name) => name switch
    {
        "rpn" => (Rpn(), [4, 8, 16, 32, 64]),
        "retina" => (Retina(), [4, 8, 16, 32, 64]),
        "fcos" => (Fcos(), [4, 8, 16, 32, 64]),
        _ => (Fcos(centerSampling: true, normOnBbox: true, centernessOnReg: true), [4, 8, 16, 32, 64]),
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void EmptyGroundTruthGivesClassificationLossOnly(string name)
    {
        using var scope = NewDisposeScope();
        var (head, divisors) = Build(name);
        var losses = head.Loss(HeadInputs.Features(divisors), [HeadInputs.Sample(HeadInputs.NoGt())]);
        foreach (var (key, loss) in losses)
        {
            output.WriteLine($"{name} without ground truth: {key} = {loss.item<float>():R}");
            ReviewedValues.AssertClose(Reviewed["nogt " + name][key], loss.item<float>(), $"{name} {key}");
        }
        var cls = losses.Single(l => l.Key.EndsWith("_cls", StringComparison.Ordinal)).Value;
        Assert.True(cls.item<float>() > 0, $"{name}: classification loss {cls.item<float>()}");
        foreach (var (key, loss) in losses.Where(l => !l.Key.EndsWith("_cls", StringComparison.Ordinal)))
            Assert.True(loss.item<float>() == 0, $"{name}: {key} = {loss.item<float>()} with no ground truth");
    }

    [Theory]
    [MemberData(nameof(Heads))]
    public void OneGroundTruthGivesEveryLoss(string name)
    {
        using var scope = NewDisposeScope();
        var (head, divisors) = Build(name);
        var losses = head.Loss(HeadInputs.Features(divisors), [HeadInputs.Sample(HeadInputs.OneGt())]);
        foreach (var (key, loss) in losses)
        {
            output.WriteLine($"{name} with one ground truth: {key} = {loss.item<float>():R}");
            ReviewedValues.AssertClose(Reviewed["onegt " + name][key], loss.item<float>(), $"{name} {key}");
        }
        foreach (var (key, loss) in losses)
        {
            float value = loss.item<float>();
            Assert.True(value > 0 && float.IsFinite(value), $"{name}: {key} = {value}");
        }
    }

    [Fact]
    public void LossNamesAreMMDetections()
    {
        using var scope = NewDisposeScope();
        var sample = HeadInputs.Sample(HeadInputs.OneGt());
        Assert.Equal(["loss_rpn_cls", "loss_rpn_bbox"], Seeded.Build(Rpn).Loss(HeadInputs.Features([4, 8, 16, 32, 64]), [sample]).Keys);
        Assert.Equal(["loss_cls", "loss_bbox"], Seeded.Build(Retina).Loss(HeadInputs.Features([4, 8, 16, 32, 64]), [sample]).Keys);
        Assert.Equal(["loss_cls", "loss_bbox", "loss_centerness"], Seeded.Build(() => Fcos()).Loss(HeadInputs.Features([4, 8, 16, 32, 64]), [sample]).Keys);
    }

    [Fact]
    public void FcosTargetsFollowTheRegressRangesAndSmallestArea()
    {
        using var scope = NewDisposeScope();
        var head = Fcos();
        // Points on a 1-level-per-stride grid; a 40×40 box inside a 200×200 box, both containing point (60, 60).
        var points = new MlvlPointGenerator([4, 8, 16, 32, 64]).GridPriors([(64, 64), (32, 32), (16, 16), (8, 8), (4, 4)]);
        var gt = new Structures.InstanceData(tensor(new float[] { 40, 40, 80, 80, 10, 10, 210, 210 }).view(2, 4), tensor(new long[] { 1, 3 }));
        var (labels, targets) = head.GetTargets(points, [HeadInputs.Sample(gt)]);
        // Level 0 (stride 4, range up to 64): point (58, 58) is cell (14, 14); the small box (max distance 22) wins.
        int cell = 14 * 64 + 14;
        Assert.Equal(1, labels[0][cell].item<long>());
        Assert.Equal(new float[] { 18, 18, 22, 22 }, targets[0][cell].data<float>().ToArray());
        // Level 3 (stride 32, range 256–512): point (48, 48) is at most 162 from any side: background (4).
        Assert.Equal(4, labels[3][1 * 8 + 1].item<long>());
        // Level 2 (stride 16, range 128–256): point (24, 24) is outside the small box and 186 from the big box's far sides.
        Assert.Equal(3, labels[2][1 * 16 + 1].item<long>());
        Assert.Equal(new float[] { 14, 14, 186, 186 }, targets[2][1 * 16 + 1].data<float>().ToArray());
    }

    [Fact]
    public void CenternessTargetIsTheGeometricMeanOfSideRatios()
    {
        using var scope = NewDisposeScope();
        var t = FCOSHead.CenternessTarget(tensor(new float[] { 10, 20, 30, 40, 5, 5, 5, 5 }).view(2, 4));
        Assert.Equal(MathF.Sqrt(10f / 30f * (20f / 40f)), t[0].item<float>(), 6);
        Assert.Equal(1f, t[1].item<float>(), 6);
    }
}
