namespace Detect.Generators.Model;

/// <summary>
/// The output of the Merge phase: the config tree after inheritance, parts, Delete and variable
/// flow, each value with where it came from.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record MergedExperiment(
    TargetModel Target,
    MergedNode Root,
    EquatableArray<string> MergeOrder,
    EquatableArray<ComponentDescriptor> Descriptors,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One component in the merged tree: its key path, attribute class, set fields and sub-slots.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record MergedNode(string Path, string AttributeName, Origin TypeOrigin, EquatableArray<MergedField> Fields, EquatableArray<MergedSlot> Slots)
{
    public MergedField? Field(string name)
    {
        foreach (var f in Fields) if (f.Name == name) return f;
        return null;
    }

    public MergedSlot? Slot(string key)
    {
        foreach (var s in Slots) if (s.Key == key) return s;
        return null;
    }
}

/// <summary>A value some config set, with its origin.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record MergedField(string Name, ConfigValue Value, Origin Origin);

/// <summary>A filled sub-slot: one component, or a list of them.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record MergedSlot(string Key, bool IsList, EquatableArray<MergedNode> Items);

/// <summary>
/// Where a value came from: the holder that set it, a description for messages ("set in X",
/// "inherited from Y"), its merge order (later wins) and its position when it is in this compilation.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record Origin(string Holder, string Description, int Order, SourceSpan? Location);

/// <summary>
/// The output of the generator for one experiment: its source (null for parts) and diagnostics, each positioned,
/// and its registry entry (null for parts and for experiments that get no code).
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record GeneratedExperiment(string HintName, string? Source, EquatableArray<DiagnosticInfo> Diagnostics, RegistryEntry? Entry);

/// <summary>One line of an assembly's config registry: a name and the type (written <c>global::...</c>) it stands for.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record RegistryEntry(string Name, string GlobalType);
