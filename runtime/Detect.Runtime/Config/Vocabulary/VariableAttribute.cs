namespace Detect.Config;

/// <summary>
/// Marks a root slot as an intermediate variable (MMDetection's <c>train_pipeline</c>,
/// <c>data_root</c> ...): after all configs are merged its value flows into the listed slots, where
/// the value set last in merge order wins field by field. Variables do not appear in the merged config.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class VariableAttribute(params string[] flowsInto) : Attribute
{
    /// <summary>Dotted keys the variable flows into.</summary>
    public string[] FlowsInto { get; } = flowsInto;
}
