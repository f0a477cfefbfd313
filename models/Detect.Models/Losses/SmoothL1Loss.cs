using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// Smooth L1 (Huber-like) loss, as MMDetection's <c>SmoothL1Loss</c>:
/// 0.5 · d² / beta where d = |pred − target| &lt; beta, d − 0.5 · beta elsewhere.
/// </summary>
public sealed class SmoothL1Loss(double beta = 1.0, Reduction reduction = Reduction.Mean, double lossWeight = 1.0)
    : ElementwiseLoss(reduction, lossWeight)
{
    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Beta { get; } = beta > 0 ? beta : throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be positive.");

    /// <inheritdoc />
    protected override Tensor Elementwise(Tensor pred, Tensor target)
    {
        if (target.numel() == 0) return pred.sum() * 0;
        CheckSameShape(pred, target);
        var diff = (pred - target).abs();
        return where(diff.lt(Beta), 0.5 * diff * diff / Beta, diff - 0.5 * Beta);
    }
}
