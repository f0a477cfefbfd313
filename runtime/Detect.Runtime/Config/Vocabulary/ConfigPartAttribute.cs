namespace Detect.Config;

/// <summary>
/// Marks a type as a base part (one of MMDetection's <c>_base_</c> files): its config attributes are
/// composed into experiments that list it in <see cref="BasePartsAttribute"/>. Parts are not
/// experiments themselves; the generator validates them but emits nothing for them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConfigPartAttribute(ConfigPartKind kind) : Attribute
{
    /// <summary>Which of the four base parts this is; it limits the slots the part may set.</summary>
    public ConfigPartKind Kind { get; } = kind;
}

/// <summary>MMDetection's four base parts (<c>configs/_base_/{models,datasets,schedules}</c>, <c>default_runtime.py</c>).</summary>
public enum ConfigPartKind
{
    /// <summary>Sets <c>model</c> only.</summary>
    Model,
    /// <summary>Sets the dataset, pipelines, loaders and evaluators.</summary>
    Dataset,
    /// <summary>Sets the training loop, optimizer, LR schedule and auto_scale_lr.</summary>
    Schedule,
    /// <summary>Sets hooks and runtime settings (work dir, load_from, resume, seed, log level).</summary>
    Runtime,
}
