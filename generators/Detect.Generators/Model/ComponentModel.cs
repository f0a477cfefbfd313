namespace Detect.Generators.Model;

/// <summary>
/// What the generator writes for one config attribute class: the mirroring record (name, base,
/// modifiers, properties) and how its <c>Build()</c> calls the component's constructor.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record ComponentModel(
    string? Namespace,
    string AttributeClassName,
    string RecordName,
    string BaseRecord,
    string Modifiers,
    string Accessibility,
    string? TypeName,
    EquatableArray<RecordProperty> Properties,
    EquatableArray<RecordProperty> InheritedDefaults,
    BuildPlan? Build,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The record's registry entry (MMDetection type name → record), for concrete records.</summary>
    public RegistryEntry? RegistryEntry => TypeName is not null && !Modifiers.Contains("abstract") && Accessibility == "public"
        ? new RegistryEntry(TypeName, "global::" + (Namespace is null ? "" : Namespace + ".") + RecordName)
        : null;
}

/// <summary>
/// One record property: C# name, MMDetection key, type, initializer and [DefaultValue] argument as C# text; whether it
/// holds a component (slot) and whether a list (then <see cref="ElementSyntax"/> is the element type).
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record RecordProperty(string Name, string Key, string TypeSyntax, string? Initializer, string? DefaultValueArgument, bool IsSlot,
    string? ElementSyntax = null)
{
    public bool IsList => ElementSyntax is not null;
}

/// <summary>
/// How <c>Build()</c> is written: the constructed type and one argument expression per constructor
/// parameter; or (no target) a settings record that returns itself.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record BuildPlan(string? TargetType, string ReturnType, EquatableArray<BuildArgument> Arguments, EquatableArray<BuildArgument> Initializers);

/// <summary>A named constructor argument (or settable property) and the expression that computes it from the record.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record BuildArgument(string Parameter, string Expression);
