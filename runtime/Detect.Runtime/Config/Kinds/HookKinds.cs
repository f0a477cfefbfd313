namespace Detect.Config;

/// <summary>A hook; without <c>At</c> it is appended to <c>custom_hooks</c>.</summary>
[ComponentKind(DefaultSlot = "custom_hooks")]
[HookRule]
public abstract class HookAttribute : ComponentAttribute
{
    /// <summary>MMEngine's priority: lower runs first; NORMAL keeps the hook's own (<see cref="Engine.Hook.ConfigPriority"/>).</summary>
    [Parameter("configPriority")]
    public HookPriority Priority { get; set; } = HookPriority.Normal;
}

/// <summary>MMEngine's hook priorities.</summary>
public enum HookPriority
{
    /// <summary>0.</summary>
    Highest = 0,
    /// <summary>10.</summary>
    VeryHigh = 10,
    /// <summary>30.</summary>
    High = 30,
    /// <summary>40.</summary>
    AboveNormal = 40,
    /// <summary>50.</summary>
    Normal = 50,
    /// <summary>60.</summary>
    BelowNormal = 60,
    /// <summary>70.</summary>
    Low = 70,
    /// <summary>90.</summary>
    VeryLow = 90,
    /// <summary>100.</summary>
    Lowest = 100,
}

/// <summary><c>default_hooks</c>: the hooks every run has, by name.</summary>
[Register("", Builds = typeof(Detect.Engine.DefaultHooks), DefaultSlot = "default_hooks")]
public sealed class DefaultHooksAttribute : ComponentAttribute
{
    /// <summary><c>timer</c>.</summary>
    public HookAttribute? Timer { get; }
    /// <summary><c>logger</c>.</summary>
    public HookAttribute? Logger { get; }
    /// <summary><c>param_scheduler</c>.</summary>
    public HookAttribute? ParamScheduler { get; }
    /// <summary><c>checkpoint</c>.</summary>
    public HookAttribute? Checkpoint { get; }
    /// <summary><c>sampler_seed</c>.</summary>
    public HookAttribute? SamplerSeed { get; }
    /// <summary><c>visualization</c>.</summary>
    public HookAttribute? Visualization { get; }
}

/// <summary>Runtime settings: MMDetection's top-level <c>work_dir</c>, <c>load_from</c>, <c>resume</c>, <c>randomness.seed</c>, <c>log_level</c>.</summary>
[Register("", DefaultSlot = "runtime")]
public sealed class RuntimeAttribute : ComponentAttribute
{
    /// <summary>Directory for checkpoints, logs and visualizations; default <c>work_dirs/&lt;experiment&gt;</c>.</summary>
    public string? WorkDir { get; set; }
    /// <summary>Weights to start from (model only).</summary>
    public string? LoadFrom { get; set; }
    /// <summary>Resume model, optimizer, scheduler, iteration and RNG from the latest checkpoint in the work dir.</summary>
    public bool Resume { get; set; }
    /// <summary>Random seed; negative draws one.</summary>
    public int Seed { get; set; } = -1;
    /// <summary>Deterministic algorithms where available.</summary>
    public bool Deterministic { get; set; }
    /// <summary><c>log_level</c>: the least severe level the run's log records.</summary>
    public Detect.Engine.LogLevel LogLevel { get; set; } = Detect.Engine.LogLevel.Info;
}
