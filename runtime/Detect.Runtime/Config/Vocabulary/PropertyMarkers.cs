namespace Detect.Config;

/// <summary>A config property the generator and validators use but that is not a constructor parameter of the built component.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ConfigOnlyAttribute : Attribute;

/// <summary>Passes a config property to the constructor parameter of this name (when it differs from the property's camelCase name).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ParameterAttribute(string name) : Attribute
{
    /// <summary>The constructor parameter's name.</summary>
    public string Name { get; } = name;
}

/// <summary>The MMDetection key of a property or slot when it is not the snake_case of its name.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class KeyAttribute(string key) : Attribute
{
    /// <summary>The key, e.g. <c>"roi_head"</c>.</summary>
    public string Key { get; } = key;
}

/// <summary>A sub-slot that must hold a component once all configs are merged (DET108).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class RequiredSlotAttribute : Attribute;

/// <summary>
/// A constant the built component always gets, for a constructor parameter or settable property the
/// attribute does not expose, e.g. <c>[Preset("type", "BN")]</c> on the BatchNorm attribute that builds a
/// <c>NormConfig</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PresetAttribute(string parameter, object value) : Attribute
{
    /// <summary>The parameter (camelCase) or property (PascalCase) name.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>The value (an enum member may be given by name).</summary>
    public object Value { get; } = value;
}
