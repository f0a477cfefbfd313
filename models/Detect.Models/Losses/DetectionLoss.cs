using TorchSharp;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// A loss of MMDetection's kind: <c>Forward(pred, target, weight, avgFactor, reductionOverride)</c>,
/// reduced as <see cref="LossReduction.WeightReduce"/> and multiplied by <see cref="LossWeight"/>.
/// </summary>
/// <remarks>
/// Losses are small non-module objects (they hold no parameters); call <see cref="Forward"/> inside the
/// head's dispose scope. <c>reductionOverride</c> replaces <see cref="Reduction"/> for one call.
/// </remarks>
public abstract class DetectionLoss(Reduction reduction, double lossWeight)
{
    /// <summary>Reduction used when a call gives no override.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>Factor applied to the reduced loss.</summary>
    public double LossWeight { get; } = lossWeight;

    // LossWeight as a Scalar kept with the loss: a temporary one can be finalized mid-call (Detect.Platform.Scalars).
    readonly Scalar lossWeightScalar = lossWeight.ToScalar();

    /// <summary><paramref name="loss"/> × <see cref="LossWeight"/>.</summary>
    protected Tensor Weighted(Tensor loss) => loss.mul(lossWeightScalar);

    /// <summary>The loss of <paramref name="pred"/> against <paramref name="target"/>.</summary>
    /// <param name="pred">Predictions (logits, boxes…; see the concrete loss).</param>
    /// <param name="target">Targets (labels, boxes…).</param>
    /// <param name="weight">Per-element (or per-sample) weights, or null.</param>
    /// <param name="avgFactor">Divisor of the 'mean' reduction instead of the element count (e.g. number of positives).</param>
    /// <param name="reductionOverride">Reduction for this call.</param>
    public Tensor Forward(Tensor pred, Tensor target, Tensor? weight = null, double? avgFactor = null, Reduction? reductionOverride = null)
    {
        using var scope = NewDisposeScope();
        return Compute(pred, target, weight, avgFactor, reductionOverride ?? Reduction).MoveToOuterDisposeScope();
    }

    /// <summary>The weighted, reduced loss, already multiplied by <see cref="LossWeight"/>.</summary>
    protected abstract Tensor Compute(Tensor pred, Tensor target, Tensor? weight, double? avgFactor, Reduction reduction);
}
