namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>default_hooks</c>: timer, logger, parameter scheduler and checkpoint hooks, each
/// replaceable or removable (null).
/// </summary>
public sealed record DefaultHooks
{
    /// <summary><c>timer</c>.</summary>
    public Hook? Timer { get; init; } = new IterTimerHook();

    /// <summary><c>logger</c>.</summary>
    public Hook? Logger { get; init; } = new LoggerHook();

    /// <summary><c>param_scheduler</c>.</summary>
    public Hook? ParamScheduler { get; init; } = new ParamSchedulerHook();

    /// <summary><c>checkpoint</c>.</summary>
    public Hook? Checkpoint { get; init; } = new CheckpointHook();

    /// <summary>The hooks that are set, in MMEngine's registration order.</summary>
    public IEnumerable<Hook> All => new[] { Timer, Logger, ParamScheduler, Checkpoint }.OfType<Hook>();
}
