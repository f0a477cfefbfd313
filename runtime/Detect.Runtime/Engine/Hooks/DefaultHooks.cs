namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>default_hooks</c>: timer, logger, parameter scheduler, checkpoint, sampler seed and visualization
/// hooks, each replaceable or removable (null). A config's <c>default_hooks</c> builds this record.
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

    /// <summary><c>sampler_seed</c> (the loader seeds each epoch itself; kept so configs naming it run).</summary>
    public Hook? SamplerSeed { get; init; }

    /// <summary><c>visualization</c>.</summary>
    public Hook? Visualization { get; init; }

    /// <summary>The hooks that are set, in MMEngine's registration order.</summary>
    public IEnumerable<Hook> All => new[] { Timer, Logger, ParamScheduler, Checkpoint, SamplerSeed, Visualization }.OfType<Hook>();
}
