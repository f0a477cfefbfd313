namespace Detect.Config;

/// <summary>
/// Base of every config record the generator emits (<c>ResNetConfig</c>, <c>FpnConfig</c>,
/// <c>ExperimentConfig</c> ...): an immutable node of the merged config tree. Records compare by
/// value, can be changed with <c>with</c>, printed (<see cref="ConfigPrinter"/>) and serialized
/// (<see cref="ConfigJson"/>).
/// </summary>
public abstract record ComponentConfig
{
    /// <summary>MMDetection's <c>type</c> of this node, e.g. <c>"ResNet"</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>
    /// Builds the component this node describes (a module, task module, dataset ...) by calling its
    /// constructor with this node's values; settings-only nodes return themselves.
    /// </summary>
    public abstract object Build();
}
