namespace Detect.Generators.Model;

/// <summary>
/// One type that carries config attributes (an experiment record or a base part), with the holders
/// it inherits from: its base record and its base parts, each read the same way.
/// </summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record HolderModel(
    string Name,
    SourceSpan? Location,
    string? PartKind,
    EquatableArray<AttributeUse> Attributes,
    HolderModel? Base,
    EquatableArray<HolderModel> Parts);

/// <summary>One config attribute as applied: the attribute class, where it is, and its arguments in order.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record AttributeUse(string AttributeName, SourceSpan? Location, EquatableArray<ArgumentUse> Arguments)
{
    public ArgumentUse? Argument(string name)
    {
        foreach (var a in Arguments) if (a.Name == name) return a;
        return null;
    }
}

/// <summary>One named argument (or a positional one, by its property name) with its value and position.</summary>
/// <remarks>Cached model: holds plain values only, never symbols, syntax, locations or compilations.</remarks>
internal sealed record ArgumentUse(string Name, ConfigValue Value, SourceSpan? Location);
