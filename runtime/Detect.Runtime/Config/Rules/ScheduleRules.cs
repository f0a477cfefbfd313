namespace Detect.Config;

/// <summary>
/// A parameter scheduler active on [begin, end) (epochs when by_epoch, else iterations); begin must be
/// before end (DET405) and, by epoch, end may not exceed the training loop's max_epochs (DET404).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class SchedulerWindowRuleAttribute : Attribute;

/// <summary>Milestones must be strictly increasing (DET403) and, by epoch, within max_epochs (DET404).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class MilestonesRuleAttribute : Attribute;

/// <summary>The training loop: <c>max_epochs</c> bounds epoch-based schedules.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class TrainLengthRuleAttribute : Attribute;

/// <summary>A hook: hooks of the same type may appear once over default_hooks and custom_hooks (DET402).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class HookRuleAttribute : Attribute
{
    /// <summary>Property holding the hook's type when the attribute names it (custom hooks); unset: the registered name.</summary>
    public string? TypeFrom { get; set; }
}

/// <summary>A sampler that never ends an epoch: only the train loader of an iteration-based loop may use it (DET406).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class EndlessSamplerRuleAttribute : Attribute;
