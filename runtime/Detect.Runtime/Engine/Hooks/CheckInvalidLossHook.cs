namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>CheckInvalidLossHook</c>, kept so that configs and code naming it build and run
/// unchanged. Its work is now the runner's: <see cref="Runner.TrainStep"/> checks every iteration's
/// losses and gradient norm before the optimizer step — which a hook, called after the iteration,
/// cannot — and stops (or skips, <see cref="InvalidLossPolicy"/>) with one report. This hook therefore
/// adds no check of its own, so nothing is reported twice.
/// </summary>
/// <param name="interval">MMDetection's check interval (50 in its configs); accepted for compatibility, since every iteration is checked.</param>
public sealed class CheckInvalidLossHook(int interval = 1) : Hook(HookPriorities.Normal)
{
    /// <summary>The interval the config asked for (every iteration is checked regardless).</summary>
    public int Interval { get; } = interval > 0 ? interval : throw new ArgumentException($"interval must be positive, got {interval}.", nameof(interval));
}
