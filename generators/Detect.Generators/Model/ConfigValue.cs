using System.Collections.Generic;
using System.Linq;
using Detect.Config.Checks;

namespace Detect.Generators.Model;

/// <summary>The kinds of values C# attribute arguments can hold.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal enum ValueKind { Null, Bool, Int, Double, String, Enum, Type, Array }

/// <summary>
/// One attribute argument value (a constant or a 1-D array of constants). Enums keep their member
/// name, type and config spelling (<c>[ConfigName]</c> or the member in snake_case); types keep their
/// full name, lineage and whether they can be constructed.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record ConfigValue(ValueKind Kind, double Number = 0, string? Text = null, string? TypeName = null,
    EquatableArray<ConfigValue> Items = default, EquatableArray<string> Lineage = default, bool Flag = false, string? Spelling = null)
{
    public static readonly ConfigValue Null = new(ValueKind.Null);

    /// <summary>The value as the shared checks see it (long, double, bool, string — enums as configs spell them —, <see cref="TypeRef"/>, lists).</summary>
    public object? ToPlain() => Kind switch
    {
        ValueKind.Bool => Flag,
        ValueKind.Int => (long)Number,
        ValueKind.Double => Number,
        ValueKind.String => Text,
        ValueKind.Enum => Spelling ?? Text,
        ValueKind.Type => new TypeRef(Text ?? "", Lineage.ToArray(), Flag),
        ValueKind.Array => (IReadOnlyList<object?>)Items.Select(i => i.ToPlain()).ToList(),
        _ => null,
    };
}

/// <summary>A named value, e.g. a rule attribute's argument.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record NamedValue(string Name, ConfigValue Value);
