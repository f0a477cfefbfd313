namespace Detect.Engine;

/// <summary>MMEngine's <c>optim_wrapper</c>: the optimizer, param-wise multipliers and gradient clipping.</summary>
public sealed record OptimWrapperOptions
{
    /// <summary>Creates the settings.</summary>
    /// <param name="optimizer">The optimizer's settings.</param>
    /// <param name="paramwiseCfg"><c>paramwise_cfg</c>, or null.</param>
    /// <param name="clipGrad"><c>clip_grad</c>, or null for no clipping.</param>
    /// <param name="onInvalidLoss"><c>on_invalid_loss</c>: stop (default) or skip an iteration whose loss or gradient norm is not finite.</param>
    public OptimWrapperOptions(OptimizerOptions optimizer, ParamwiseOptions? paramwiseCfg = null, GradClip? clipGrad = null,
        InvalidLossPolicy onInvalidLoss = InvalidLossPolicy.Stop) =>
        (Optimizer, Paramwise, ClipGrad, OnInvalidLoss) = (optimizer, paramwiseCfg, clipGrad, onInvalidLoss);

    /// <summary>The optimizer's settings.</summary>
    public OptimizerOptions Optimizer { get; init; }

    /// <summary><c>paramwise_cfg</c>, or null.</summary>
    public ParamwiseOptions? Paramwise { get; init; }

    /// <summary><c>clip_grad</c>, or null for no clipping.</summary>
    public GradClip? ClipGrad { get; init; }

    /// <summary><c>on_invalid_loss</c>: stop (default) or skip an iteration whose loss or gradient norm is not finite.</summary>
    public InvalidLossPolicy OnInvalidLoss { get; init; }
}
