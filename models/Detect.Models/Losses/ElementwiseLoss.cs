using Detect.Platform;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// Regression losses of MMDetection's <c>@weighted_loss</c> kind: an element-wise loss, weighted and
/// reduced. When weights are given and none is positive, the loss is <c>(pred · weight).sum()</c> —
/// zero, but still connected to <c>pred</c> — as MMDetection's regression losses do.
/// </summary>
public abstract class ElementwiseLoss(Reduction reduction, double lossWeight) : DetectionLoss(reduction, lossWeight)
{
    /// <summary>The unreduced loss of each element (or each box).</summary>
    protected abstract Tensor Elementwise(Tensor pred, Tensor target);

    /// <summary>IoULoss takes the all-zero-weight shortcut only when it reduces ('none' keeps the element losses).</summary>
    protected virtual bool ZeroWeightShortcutOnlyWhenReduced => false;

    /// <summary>Box losses give one value per box: n×4 weights are averaged to n (MMDetection's interim rule).</summary>
    protected virtual bool LossPerBox => false;

    /// <inheritdoc />
    protected override Tensor Compute(Tensor pred, Tensor target, Tensor? weight, double? avgFactor, Reduction reduction)
    {
        if (weight is not null && (!ZeroWeightShortcutOnlyWhenReduced || reduction != Reduction.None) && !weight.gt(Scalars.Zero).any().item<bool>())
        {
            if (pred.dim() == weight.dim() + 1) weight = weight.unsqueeze(1);
            return (pred * weight).sum();
        }
        if (LossPerBox && weight is not null && weight.dim() > 1)
        {
            if (!weight.shape.SequenceEqual(pred.shape))
                throw new ArgumentException($"Box weights must be n or n×4 like pred [{string.Join(", ", pred.shape)}], got [{string.Join(", ", weight.shape)}].", nameof(weight));
            weight = weight.mean([-1]);
        }
        return Weighted(LossReduction.WeightReduce(Elementwise(pred, target), weight, reduction, avgFactor));
    }

    /// <summary>Checks that element-wise losses get predictions and targets of one shape.</summary>
    protected static void CheckSameShape(Tensor pred, Tensor target)
    {
        if (!pred.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"pred [{string.Join(", ", pred.shape)}] and target [{string.Join(", ", target.shape)}] must have the same shape.");
    }
}
