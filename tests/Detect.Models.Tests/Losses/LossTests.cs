using Detect.Models.Losses;
using Detect.Platform;
using Detect.Testing;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Tests.Losses;

/// <summary>
/// Losses: element-wise values against torch 1.13 / torchvision 0.14 (tests/golden/ops/losses_golden.py),
/// MMDetection's weight / reduction / avg_factor / loss_weight rules applied on top.
/// </summary>
public class LossTests(ITestOutputHelper output)
{
    readonly Generator gen = new(7);   // inputs drawn from a fixed seed

    static LossTests() => TorchRuntime.EnsureInitialized();

    static Tensor G(GoldenFixture golden, string name) => GoldenFixture.Tensor(golden.Root.GetProperty(name));

    void AssertClose(Tensor actual, Tensor expected, double tolerance = 1e-6)
    {
        double error = GoldenFixture.MaxAbsError(actual, expected);
        output.WriteLine($"max abs error {error:E2}");
        Assert.InRange(error, 0, tolerance);
    }

    [Theory]
    [InlineData(2.0, 0.25)]
    [InlineData(1.5, 0.5)]
    public void FocalLossMatchesTorchvisionWithLabelAndOneHotTargets(double gamma, double alpha)
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Losses", "losses.json");
        var logits = G(golden, "logits");
        var labels = G(golden, "labels");    // 4 = background
        var expected = GoldenFixture.Tensor(golden.Root.GetProperty("focal").GetProperty($"gamma{gamma:0.0#}_alpha{alpha:0.0#}"));
        var loss = new FocalLoss(gamma: gamma, alpha: alpha, reduction: Reduction.None);

        AssertClose(loss.Forward(logits, labels), expected);
        AssertClose(loss.Forward(logits, F.one_hot(labels, 5)[.., ..4].to(ScalarType.Float64)), expected);
        // Probabilities in, same loss out.
        var activated = new FocalLoss(gamma: gamma, alpha: alpha, reduction: Reduction.None, activated: true);
        AssertClose(activated.Forward(logits.sigmoid(), labels), expected);

        // Per-sample weights (n) apply to every class; avg_factor divides the sum; loss_weight scales.
        var weight = arange(10, dtype: ScalarType.Float64) / 10;
        var weighted = new FocalLoss(gamma: gamma, alpha: alpha, lossWeight: 2.0).Forward(logits, labels, weight, avgFactor: 3);
        AssertClose(weighted, 2.0 * (expected * weight.unsqueeze(1)).sum() / (3 + LossReduction.AvgFactorEps));
        AssertClose(new FocalLoss(gamma: gamma, alpha: alpha).Forward(logits, labels), expected.mean());
    }

    [Fact]
    public void SoftmaxCrossEntropyWithClassWeightsIgnoreIndexAndAvgNonIgnore()
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Losses", "losses.json");
        var logits = G(golden, "ce_logits");
        var labels = G(golden, "ce_labels");   // two labels are 255
        var plain = G(golden, "cross_entropy");
        var classWeighted = G(golden, "cross_entropy_class_weight");
        double[] classWeight = G(golden, "class_weight").data<double>().ToArray();

        AssertClose(new CrossEntropyLoss(reduction: Reduction.None, ignoreIndex: 255).Forward(logits, labels), plain);
        AssertClose(new CrossEntropyLoss(reduction: Reduction.None, ignoreIndex: 255, classWeight: classWeight).Forward(logits, labels), classWeighted);
        // 'mean' divides by all 10 labels, ignored ones included, unless avgNonIgnore (8 remain).
        AssertClose(new CrossEntropyLoss(ignoreIndex: 255).Forward(logits, labels), plain.sum() / 10);
        AssertClose(new CrossEntropyLoss(ignoreIndex: 255, avgNonIgnore: true).Forward(logits, labels), plain.sum() / (8 + LossReduction.AvgFactorEps));
        // Class weights scale samples but MMDetection's mean still divides by the count.
        AssertClose(new CrossEntropyLoss(ignoreIndex: 255, classWeight: classWeight).Forward(logits, labels), classWeighted.sum() / 10);
        AssertClose(new CrossEntropyLoss(reduction: Reduction.Sum, lossWeight: 0.5, ignoreIndex: 255).Forward(logits, labels), 0.5 * plain.sum());
        AssertClose(new CrossEntropyLoss(ignoreIndex: 255).Forward(logits, labels, reductionOverride: Reduction.None), plain);
    }

    [Fact]
    public void SigmoidCrossEntropyWithLabelsAndPosWeight()
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Losses", "losses.json");
        var logits = G(golden, "logits");
        var labels = G(golden, "labels");       // 4 = background → all-zero row
        var bce = G(golden, "bce");
        var posWeighted = G(golden, "bce_pos_weight");
        double[] classWeight = G(golden, "class_weight").data<double>().ToArray()[..4];

        AssertClose(new CrossEntropyLoss(useSigmoid: true, reduction: Reduction.None).Forward(logits, labels), bce);
        AssertClose(new CrossEntropyLoss(useSigmoid: true, reduction: Reduction.None, classWeight: classWeight).Forward(logits, labels), posWeighted);
        AssertClose(new CrossEntropyLoss(useSigmoid: true).Forward(logits, labels), bce.mean());

        // An ignored label zeroes its row; avgNonIgnore then averages over the 9 × 4 remaining elements.
        var withIgnored = labels.clone();
        withIgnored[3] = tensor(255L);
        var keep = ones(10, 4, dtype: ScalarType.Float64);
        keep[3] = zeros(4, dtype: ScalarType.Float64);
        var loss = new CrossEntropyLoss(useSigmoid: true, ignoreIndex: 255, avgNonIgnore: true).Forward(logits, withIgnored);
        AssertClose(loss, (bce * keep).sum() / (36 + LossReduction.AvgFactorEps));
    }

    [Fact]
    public void SmoothL1AndL1MatchTorch()
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Losses", "losses.json");
        var pred = G(golden, "regression_pred");
        var target = G(golden, "regression_target");
        AssertClose(new SmoothL1Loss(beta: 0.5, reduction: Reduction.None).Forward(pred, target), G(golden, "smooth_l1_beta0.5"));
        AssertClose(new SmoothL1Loss(reduction: Reduction.None).Forward(pred, target), G(golden, "smooth_l1_beta1"));
        AssertClose(new L1Loss(reduction: Reduction.None).Forward(pred, target), G(golden, "l1"));

        var weight = rand(6, 4, dtype: ScalarType.Float64, generator: gen);
        AssertClose(new L1Loss(lossWeight: 3).Forward(pred, target, weight, avgFactor: 5), 3 * (G(golden, "l1") * weight).sum() / (5 + LossReduction.AvgFactorEps));
        AssertClose(new SmoothL1Loss(reduction: Reduction.Sum).Forward(pred, target, weight), (G(golden, "smooth_l1_beta1") * weight).sum());
        Assert.Throws<ArgumentException>(() => new L1Loss(reduction: Reduction.Sum).Forward(pred, target, avgFactor: 2));
    }

    [Fact]
    public void RegressionLossesOfAllZeroWeightsAreZeroButStayInTheGraph()
    {
        using var scope = NewDisposeScope();
        var pred = rand(3, 4, generator: gen).requires_grad_();
        var loss = new SmoothL1Loss().Forward(pred, rand(3, 4, generator: gen), zeros(3, 4));
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
        Assert.Equal(0f, pred.grad!.abs().sum().item<float>());
        // IoULoss keeps its element losses when not reducing; per-box (n) weights are broadcast.
        var boxes = tensor(new float[] { 0, 0, 10, 10, 5, 5, 15, 15 }).reshape(2, 4);
        Assert.Equal(new long[] { 2 }, new IoULoss(reduction: Reduction.None).Forward(boxes, boxes, zeros(2)).shape);
        Assert.Equal(0f, new GIoULoss().Forward(boxes, boxes.flip(0), zeros(2)).item<float>());
    }

    [Fact]
    public void NoPredictionsGiveZeroLoss()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0f, new SmoothL1Loss().Forward(zeros(0, 4), zeros(0, 4)).item<float>());
        Assert.Equal(0f, new L1Loss().Forward(zeros(0, 4), zeros(0, 4), avgFactor: 0).item<float>());
        Assert.Equal(0f, new GIoULoss().Forward(zeros(0, 4), zeros(0, 4), avgFactor: 0).item<float>());
        Assert.Equal(0f, new FocalLoss().Forward(zeros(0, 3), zeros(0, dtype: ScalarType.Int64), avgFactor: 0).item<float>());
    }

    [Theory]
    [InlineData(IoULossMode.Linear)]
    [InlineData(IoULossMode.Square)]
    [InlineData(IoULossMode.Log)]
    public void IoULossFromTorchvisionIous(IoULossMode mode)
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Losses", "losses.json");
        var pred = G(golden, "pred_boxes");
        var target = G(golden, "target_boxes");
        var ious = G(golden, "iou").clamp_min(1e-6);
        var expected = mode switch { IoULossMode.Linear => 1 - ious, IoULossMode.Square => 1 - ious.pow(2), _ => -ious.log() };
        AssertClose(new IoULoss(mode, reduction: Reduction.None).Forward(pred, target), expected);
        Assert.Equal(0.0, new IoULoss(mode, reduction: Reduction.None).Forward(pred, target)[0].item<double>(), 12);   // identical boxes
        // n×4 weights are averaged per box.
        var weight = rand(6, 4, dtype: ScalarType.Float64, generator: gen);
        AssertClose(new IoULoss(mode).Forward(pred, target, weight), (expected * weight.mean([-1])).mean());
    }

    [Fact]
    public void GIoULossMatchesTorchvision()
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Losses", "losses.json");
        var pred = G(golden, "pred_boxes");
        var target = G(golden, "target_boxes");
        var expected = G(golden, "giou_loss");
        AssertClose(new GIoULoss(reduction: Reduction.None).Forward(pred, target), expected);
        AssertClose(new GIoULoss(lossWeight: 2).Forward(pred, target, avgFactor: 4), 2 * expected.sum() / (4 + LossReduction.AvgFactorEps));
    }

    [Fact]
    public void FocalLossIsOnlySigmoid()
    {
        Assert.Throws<NotSupportedException>(() => new FocalLoss(useSigmoid: false));
    }
}
