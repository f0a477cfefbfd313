using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// Sigmoid focal loss (Lin et al., 2017), as MMDetection's <c>FocalLoss</c>:
/// BCE(pred, target) · (α·t + (1 − α)(1 − t)) · |t − σ(pred)|^γ.
/// </summary>
/// <remarks>
/// <para><c>pred</c> is n×K logits (probabilities with <c>activated</c>). <c>target</c> is either n labels in
/// 0..K (K = background, which becomes an all-zero row) or n×K soft/one-hot targets. A per-sample weight
/// (n) applies to every class of its row; a flat n·K weight is reshaped to n×K.</para>
/// <para>MMDetection takes mmcv's CUDA kernel on GPU and this formula elsewhere; they are the same
/// function, and this one runs on every device.</para>
/// </remarks>
public sealed class FocalLoss(
    bool useSigmoid = true,
    double gamma = 2.0,
    double alpha = 0.25,
    Reduction reduction = Reduction.Mean,
    double lossWeight = 1.0,
    bool activated = false) : DetectionLoss(reduction, lossWeight)
{
    /// <summary>Always true: only the sigmoid focal loss exists (as in MMDetection).</summary>
    public bool UseSigmoid { get; } = useSigmoid ? true : throw new NotSupportedException("FocalLoss supports only useSigmoid: true (as MMDetection).");

    /// <summary>Focusing exponent γ.</summary>
    public double Gamma { get; } = gamma;

    /// <summary>Weight α of positives (1 − α for negatives).</summary>
    public double Alpha { get; } = alpha;

    /// <summary>Whether <c>pred</c> already holds probabilities.</summary>
    public bool Activated { get; } = activated;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor pred, Tensor target, Tensor? weight, double? avgFactor, Reduction reduction)
    {
        if (pred.dim() != target.dim())
        {
            // Labels 0..K: one-hot over K + 1 columns, the background column dropped.
            long classes = pred.shape[1];
            target = F.one_hot(target.to(ScalarType.Int64), classes + 1)[.., ..(int)classes];
        }
        target = target.to(pred.dtype);
        var probability = Activated ? pred : pred.sigmoid();
        // MMDetection's "pt" is 1 − p_t of the paper, hence pt^γ.
        using var alpha = Alpha.ToScalar();
        using var oneMinusAlpha = (1 - Alpha).ToScalar();
        using var gamma = Gamma.ToScalar();
        var pt = (Scalars.OneMinus(probability) * target).add(probability * Scalars.OneMinus(target), Scalars.One);
        var focalWeight = target.mul(alpha).add(Scalars.OneMinus(target).mul(oneMinusAlpha), Scalars.One) * pt.pow(gamma);
        var bce = Activated
            ? F.binary_cross_entropy(pred, target, reduction: Reduction.None)
            : F.binary_cross_entropy_with_logits(pred, target, reduction: Reduction.None);
        var loss = bce * focalWeight;
        if (weight is not null && !weight.shape.SequenceEqual(loss.shape))
            weight = weight.shape[0] == loss.shape[0] ? weight.view(-1, 1) : weight.view(loss.shape[0], -1);
        return Weighted(LossReduction.WeightReduce(loss, weight, reduction, avgFactor));
    }
}
