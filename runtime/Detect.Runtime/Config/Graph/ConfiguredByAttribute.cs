namespace Detect.Config;

/// <summary>
/// Put by the generator on each config record: the attribute class it mirrors, whose properties
/// carry the value checks and whose class carries the shape rules the runtime re-evaluates.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConfiguredByAttribute(Type attributeType) : Attribute
{
    /// <summary>The config attribute class.</summary>
    public Type AttributeType { get; } = attributeType;
}

/// <summary>Put by the generator on each config record property: its MMDetection key.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ConfigKeyAttribute(string key) : Attribute
{
    /// <summary>The key, e.g. <c>"out_indices"</c>.</summary>
    public string Key { get; } = key;
}
