namespace Detect.Engine;

/// <summary>
/// What a training step does when a loss term or the gradient norm is NaN or infinite
/// (<c>optim_wrapper.on_invalid_loss</c>). Either way the optimizer step is not taken, so the weights
/// never see the invalid values.
/// </summary>
public enum InvalidLossPolicy
{
    /// <summary>Stop the run with an <see cref="InvalidLossException"/> naming the term, the iteration, the batch's images and the last good checkpoint (the default).</summary>
    Stop,

    /// <summary>Skip the iteration (no optimizer step, gradients cleared), log it, count it in <c>skipped_iters</c>, and train on.</summary>
    Skip,
}
