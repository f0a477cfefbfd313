using Detect.Ops;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace Detect.Models.Losses;

/// <summary>How <see cref="IoULoss"/> turns an IoU into a loss.</summary>
public enum IoULossMode
{
    /// <summary>1 − IoU.</summary>
    Linear,

    /// <summary>1 − IoU².</summary>
    Square,

    /// <summary>−ln IoU (UnitBox), MMDetection's default.</summary>
    Log,
}

/// <summary>
/// IoU loss of predicted against target xyxy boxes (n×4 each), one value per box, as MMDetection's
/// <c>IoULoss</c>: IoUs (MMDetection's aligned overlaps) are clamped to at least <c>eps</c> first.
/// </summary>
public sealed class IoULoss(IoULossMode mode = IoULossMode.Log, double eps = 1e-6, Reduction reduction = Reduction.Mean, double lossWeight = 1.0)
    : ElementwiseLoss(reduction, lossWeight)
{
    /// <summary>The IoU-to-loss mapping.</summary>
    public IoULossMode Mode { get; } = mode;

    /// <summary>Lower clamp of the IoU.</summary>
    public double Eps { get; } = eps;

    /// <inheritdoc />
    protected override bool ZeroWeightShortcutOnlyWhenReduced => true;

    /// <inheritdoc />
    protected override bool LossPerBox => true;

    /// <inheritdoc />
    protected override Tensor Elementwise(Tensor pred, Tensor target)
    {
        CheckSameShape(pred, target);
        using var eps = Eps.ToScalar();
        var ious = BoxIou.Aligned(pred, target).clamp_min(eps);
        return Mode switch
        {
            IoULossMode.Linear => Scalars.OneMinus(ious),
            IoULossMode.Square => Scalars.OneMinus(ious.pow(Scalars.Two)),
            _ => -ious.log(),
        };
    }
}
