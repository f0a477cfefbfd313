using Detect.Platform;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>|pred − target|, as MMDetection's <c>L1Loss</c>.</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean, double lossWeight = 1.0) : ElementwiseLoss(reduction, lossWeight)
{
    /// <inheritdoc />
    protected override Tensor Elementwise(Tensor pred, Tensor target)
    {
        if (target.numel() == 0) return pred.sum().mul(Scalars.Zero);
        CheckSameShape(pred, target);
        return (pred - target).abs();
    }
}
