using Detect.Platform;
using TorchSharp;
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
        if (target.numel() == 0) return pred.sum().mul(Scalars.Zero);
        CheckSameShape(pred, target);
        var diff = (pred - target).abs();
        using var beta = Beta.ToScalar();
        using var halfBeta = (0.5 * Beta).ToScalar();
        return where(diff.lt(beta), (diff.mul(Scalars.Half) * diff).div(beta), diff.sub(halfBeta));
    }
}
