namespace Detect.Generators.Model;

/// <summary>
/// What the generator knows about a config attribute class: its registered name, the slot it fills by
/// default, its value properties (with defaults and checks), its sub-slots and its rules. Read from
/// source or metadata, so it is the same whether the attribute lives in this project or a reference.
/// </summary>
/// <remarks>
/// Cached model: holds plain values only, never symbols, syntax, locations or compilations.
/// <c>TypedBuild</c>: the record's Build() returns the component's own type (sealed attribute, type present).
/// </remarks>
internal sealed record ComponentDescriptor(
    string FullName,
    string TypeName,
    string ConfigTypeName,
    bool IsAbstract,
    EquatableArray<string> Lineage,
    string? DefaultSlot,
    EquatableArray<PropertyDescriptor> Properties,
    EquatableArray<SlotDescriptor> Slots,
    EquatableArray<RuleDescriptor> Rules,
    bool TypedBuild)
{
    /// <summary>The registered name, or the attribute's usage name for settings without a type (train_cfg, default_hooks ...).</summary>
    public string DisplayName => TypeName.Length > 0 ? TypeName : Detect.Config.Checks.ConfigNaming.AttributeUsageName(FullName.Substring(FullName.LastIndexOf('.') + 1));

    public PropertyDescriptor? Property(string name)
    {
        foreach (var p in Properties) if (p.Name == name) return p;
        return null;
    }

    public SlotDescriptor? Slot(string key)
    {
        foreach (var s in Slots) if (s.Key == key) return s;
        return null;
    }

    public bool DerivesFrom(string fullName)
    {
        foreach (var l in Lineage) if (l == fullName) return true;
        return false;
    }
}

/// <summary>A value property: name, MMDetection key, type, default and value checks.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record PropertyDescriptor(string Name, string Key, PropertyType Type, ConfigValue? Default, EquatableArray<RuleDescriptor> Checks)
{
    /// <summary>The property's type in the config record: lists as <c>ValueList&lt;T&gt;</c>, strings and types nullable when unset by default.</summary>
    public string RecordTypeSyntax => Type.IsArray ? "global::Detect.Config.ValueList<" + Type.Element + ">"
        : Type.Kind is ValueKind.String or ValueKind.Type && Default?.Kind is null or ValueKind.Null ? Type.Element + "?" : Type.Element;
}

/// <summary>
/// A property's type: the C# element type as written in generated code (<c>int</c>,
/// <c>global::Detect.Config.ResNetStyle</c>), its value kind and whether it is a list.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record PropertyType(string Element, ValueKind Kind, bool IsArray);

/// <summary>A sub-slot: key, accepted kind (attribute class full name), list or single, required, and where it flows if it is a variable.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record SlotDescriptor(string Name, string Key, string KindName, string KindConfigTypeName, bool IsList, bool Required, EquatableArray<string> FlowsInto)
{
    public bool IsVariable => FlowsInto.Count > 0;
}

/// <summary>A rule attribute (shape, pipeline, schedule rule or value check) by name, with its arguments.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record RuleDescriptor(string Name, EquatableArray<NamedValue> Args);
