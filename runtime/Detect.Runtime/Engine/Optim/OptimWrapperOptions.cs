namespace Detect.Engine;

/// <summary>MMEngine's <c>optim_wrapper</c>: the optimizer, param-wise multipliers and gradient clipping.</summary>
/// <param name="Optimizer">The optimizer's settings.</param>
/// <param name="Paramwise"><c>paramwise_cfg</c>, or null.</param>
/// <param name="ClipGrad"><c>clip_grad</c>, or null for no clipping.</param>
public sealed record OptimWrapperOptions(OptimizerOptions Optimizer, ParamwiseOptions? Paramwise = null, GradClip? ClipGrad = null)
{
    /// <summary><c>on_invalid_loss</c>: stop (default) or skip an iteration whose loss or gradient norm is not finite.</summary>
    public InvalidLossPolicy OnInvalidLoss { get; init; }
}
