using Detect.Ops;
using Detect.Platform;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>
/// Generalized IoU loss (Rezatofighi et al., 2019), 1 − GIoU per box, as MMDetection's <c>GIoULoss</c>;
/// unions and enclosing areas are bounded below by <c>eps</c>.
/// </summary>
public sealed class GIoULoss(double eps = 1e-6, Reduction reduction = Reduction.Mean, double lossWeight = 1.0)
    : ElementwiseLoss(reduction, lossWeight)
{
    /// <summary>Lower bound of unions and enclosing areas.</summary>
    public double Eps { get; } = eps;

    /// <inheritdoc />
    protected override bool LossPerBox => true;

    /// <inheritdoc />
    protected override Tensor Elementwise(Tensor pred, Tensor target)
    {
        CheckSameShape(pred, target);
        return Scalars.OneMinus(BoxIou.Aligned(pred, target, IouMode.GIou, Eps));
    }
}
