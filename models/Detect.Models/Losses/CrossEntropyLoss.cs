using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// Softmax or sigmoid cross entropy, as MMDetection's <c>CrossEntropyLoss</c>.
/// </summary>
/// <remarks>
/// <para>Softmax (default): <c>pred</c> n×C logits, <c>target</c> n labels; <c>classWeight</c> scales each
/// sample's loss by its class's weight (the 'mean' still divides by n, as MMDetection does).</para>
/// <para>Sigmoid (<c>useSigmoid</c>): <c>pred</c> n×C logits with labels n in 0..C (C, the background,
/// becomes an all-zero row) or targets of pred's shape; <c>classWeight</c> is BCE's <c>pos_weight</c>.</para>
/// <para>Labels equal to <c>ignoreIndex</c> (default −100) contribute nothing; with <c>avgNonIgnore</c> the
/// 'mean' averages over the remaining elements only.</para>
/// <para>Mask (<c>useMask</c>, MMDetection's <c>mask_cross_entropy</c>): <c>pred</c> n×C×h×w mask logits, <c>target</c>
/// n×h×w binary masks and, in the <c>weight</c> argument (as MMDetection passes it), the n class labels that pick each
/// RoI's map. The result is the mean binary cross entropy over all pixels (a 1-element tensor), whatever the
/// reduction; <c>classWeight</c> is BCE's element weight.</para>
/// </remarks>
public sealed class CrossEntropyLoss(
    bool useSigmoid = false,
    Reduction reduction = Reduction.Mean,
    IReadOnlyList<double>? classWeight = null,
    int? ignoreIndex = null,
    double lossWeight = 1.0,
    bool avgNonIgnore = false,
    bool useMask = false) : DetectionLoss(reduction, lossWeight)
{
    const int DefaultIgnoreIndex = -100;

    /// <summary>Sigmoid (binary per class) instead of softmax.</summary>
    public bool UseSigmoid { get; } = useSigmoid && useMask
        ? throw new ArgumentException("useSigmoid and useMask cannot both be set.", nameof(useMask))
        : useSigmoid;

    /// <summary>Mask cross entropy of each RoI's own-class map (the mask head's loss).</summary>
    public bool UseMask { get; } = useMask;

    /// <summary>Per-class weights, or null.</summary>
    public IReadOnlyList<double>? ClassWeight { get; } = classWeight?.ToArray();

    /// <summary>Label ignored by the loss (null: −100, torch's default).</summary>
    public int? IgnoreIndex { get; } = ignoreIndex;

    /// <summary>Whether 'mean' averages over non-ignored elements only.</summary>
    public bool AvgNonIgnore { get; } = avgNonIgnore;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor pred, Tensor target, Tensor? weight, double? avgFactor, Reduction reduction)
    {
        if (UseMask) return Weighted(Mask(pred, target, weight ?? throw new ArgumentException("useMask needs the RoIs' labels in weight.", nameof(weight))));
        int ignore = IgnoreIndex ?? DefaultIgnoreIndex;
        var classWeight = ClassWeight is null ? null : tensor(ClassWeight.ToArray(), dtype: pred.dtype, device: pred.device);
        var loss = UseSigmoid
            ? Binary(pred, target, ref weight, ref avgFactor, reduction, ignore, classWeight)
            : Softmax(pred, target, ref avgFactor, reduction, ignore, classWeight);
        return Weighted(LossReduction.WeightReduce(loss, weight?.to(ScalarType.Float32), reduction, avgFactor));
    }

    Tensor Mask(Tensor pred, Tensor target, Tensor labels)
    {
        if (IgnoreIndex is not null) throw new NotSupportedException("The mask cross entropy has no ignore index (as in MMDetection).");
        var own = pred[Ranges.Arange(pred.shape[0], device: pred.device), labels.to(ScalarType.Int64)];
        var classWeight = ClassWeight is null ? null : tensor(ClassWeight.ToArray(), dtype: pred.dtype, device: pred.device);
        return F.binary_cross_entropy_with_logits(own, target.to(own.dtype), classWeight, reduction: Reduction.Mean).reshape(1);
    }

    Tensor Softmax(Tensor pred, Tensor target, ref double? avgFactor, Reduction reduction, int ignore, Tensor? classWeight)
    {
        if (avgFactor is null && AvgNonIgnore && reduction == Reduction.Mean)
        {
            using var ignored = ignore.ToScalar();
            avgFactor = target.numel() - target.eq(ignored).sum().item<long>();
        }
        return F.cross_entropy(pred, target.to(ScalarType.Int64), classWeight, ignore, Reduction.None);
    }

    Tensor Binary(Tensor pred, Tensor target, ref Tensor? weight, ref double? avgFactor, Reduction reduction, int ignore, Tensor? classWeight)
    {
        Tensor validMask;
        if (pred.dim() != target.dim())
        {
            // Labels → one-hot over the C columns; background (C) and ignored labels are all-zero rows,
            // and ignored rows also get zero weight.
            long classes = pred.shape[^1];
            using var ignored = ignore.ToScalar();
            using var numClasses = classes.ToScalar();
            var valid = target.ge(Scalars.Zero).logical_and(target.ne(ignored));
            var hot = valid.logical_and(target.lt(numClasses));
            var columns = where(hot, target, zeros_like(target)).to(ScalarType.Int64);
            target = F.one_hot(columns, classes).logical_and(hot.unsqueeze(1));
            validMask = valid.unsqueeze(1).expand(-1, classes).to(ScalarType.Float32);
            weight = weight is null ? validMask : weight.view(-1, 1).repeat(1, classes).to(ScalarType.Float32) * validMask;
        }
        else
        {
            using var ignored = ignore.ToScalar();
            validMask = target.ge(Scalars.Zero).logical_and(target.ne(ignored)).to(ScalarType.Float32);
            weight = weight is null ? validMask : weight * validMask;
        }
        if (avgFactor is null && AvgNonIgnore && reduction == Reduction.Mean)
            avgFactor = validMask.sum().item<float>();
        return F.binary_cross_entropy_with_logits(pred, target.to(pred.dtype), reduction: Reduction.None, pos_weights: classWeight);
    }
}
