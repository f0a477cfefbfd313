using System.Collections.Generic;

namespace Detect.Config.Checks;

/// <summary>
/// A read-only view of one node of a merged config, the input of the shared checks. The generator
/// implements it over its merged model (values known at compile time, with where they came from);
/// the runtime implements it over config records (values after command-line overrides). Values are
/// plain: <c>long</c>, <c>double</c>, <c>bool</c>, <c>string</c> (enum members as configs spell them, see ConfigEnums),
/// <see cref="TypeRef"/>, lists of those (<c>IReadOnlyList&lt;object?&gt;</c>), or null.
/// </summary>
internal interface IConfigView
{
    /// <summary>Dotted key of the node, e.g. <c>model.neck</c>; empty for the root.</summary>
    string Path { get; }

    /// <summary>MMDetection's <c>type</c>, e.g. <c>FPN</c>.</summary>
    string TypeName { get; }

    /// <summary>Where the node's component was declared, for messages ("set in X", "inherited from Y").</summary>
    string TypeOrigin { get; }

    /// <summary>Class-level rules (shape, pipeline, schedule, hook rules) of the node's component.</summary>
    IReadOnlyList<RuleView> Rules { get; }

    /// <summary>The node's value properties by C# name.</summary>
    IReadOnlyList<string> PropertyNames { get; }

    /// <summary>Value checks declared on a property.</summary>
    IReadOnlyList<RuleView> PropertyRules(string property);

    /// <summary>The effective value of a property (its default when no config set it).</summary>
    object? Value(string property);

    /// <summary>Where a property's value came from, for messages.</summary>
    string Origin(string property);

    /// <summary>Keys of the node's sub-slots.</summary>
    IReadOnlyList<string> SlotKeys { get; }

    /// <summary>The component in a single sub-slot, or null.</summary>
    IConfigView? Slot(string key);

    /// <summary>The components in a list sub-slot (empty when unset or not a list).</summary>
    IReadOnlyList<IConfigView> Items(string key);
}

/// <summary>A rule attribute by name (without the "Attribute" suffix) with its arguments as plain values.</summary>
internal sealed class RuleView
{
    public RuleView(string name, IReadOnlyDictionary<string, object?> args)
    {
        Name = name;
        Args = args;
    }

    public string Name { get; }
    public IReadOnlyDictionary<string, object?> Args { get; }

    public object? Arg(string name) => Args.TryGetValue(name, out var v) ? v : null;
}

/// <summary>A type named by a config value (e.g. a custom hook), with what it derives from and implements.</summary>
internal sealed class TypeRef
{
    public TypeRef(string name, IReadOnlyList<string> lineage, bool hasDefaultConstructor)
    {
        Name = name;
        Lineage = lineage;
        HasDefaultConstructor = hasDefaultConstructor;
    }

    public string Name { get; }
    public IReadOnlyList<string> Lineage { get; }
    public bool HasDefaultConstructor { get; }

    public override string ToString() => Name;
}

/// <summary>What a check blames: a node and optionally one of its properties. Checks list blames most specific first.</summary>
internal readonly struct Blame
{
    public Blame(IConfigView node, string? property = null)
    {
        Node = node;
        Property = property;
    }

    public IConfigView Node { get; }
    public string? Property { get; }
}

/// <summary>Receives what the checks find.</summary>
internal interface ICheckReporter
{
    void Report(DiagnosticEntry entry, IReadOnlyList<Blame> blame, params object[] args);
}
