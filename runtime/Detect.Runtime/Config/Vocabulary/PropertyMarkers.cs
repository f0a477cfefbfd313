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

/// <summary>
/// Hands a settings slot of a detector (<c>train_cfg</c>, <c>test_cfg</c>) to one of its head slots when the detector is
/// built: the head's config is built with its own key of the same name set to the detector's settings, or to their
/// <see cref="Item"/> (<c>[SettingsFor("rpn_head", Item = "rpn")]</c> on <c>train_cfg</c> gives the RPN head
/// <c>train_cfg.rpn</c>). MMDetection does the same with <c>rpn_head.update(train_cfg=train_cfg.rpn)</c> before building
/// the head, so heads take their settings in their constructors. Unset settings keep the head's own.
/// </summary>
/// <param name="slot">The head slot's key, e.g. <c>"bbox_head"</c>.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class SettingsForAttribute(string slot) : Attribute
{
    /// <summary>The head slot's key.</summary>
    public string Slot { get; } = slot;

    /// <summary>The key of the item of the settings the head takes (<c>"rpn"</c>, <c>"rcnn"</c>); null: the settings themselves.</summary>
    public string? Item { get; set; }
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
