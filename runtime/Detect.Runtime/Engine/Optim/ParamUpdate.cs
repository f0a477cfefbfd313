namespace Detect.Engine;

/// <summary>What <see cref="OptimWrapper.UpdateParams"/> did.</summary>
/// <param name="GradNorm">The gradient norm before clipping, when clipping is on (MMEngine logs it as <c>grad_norm</c>).</param>
/// <param name="Stepped">False when the gradient norm was not finite: the optimizer step was not taken and the gradients were cleared.</param>
public readonly record struct ParamUpdate(double? GradNorm, bool Stepped);
