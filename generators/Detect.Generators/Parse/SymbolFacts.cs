using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>Small questions about symbols the parsers ask.</summary>
internal static class SymbolFacts
{
    public static bool IsVocabulary(INamedTypeSymbol? type, string name) =>
        type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == KnownNames.Namespace;

    public static AttributeData? Find(ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => IsVocabulary(a.AttributeClass, name));

    public static bool IsComponentAttribute(ITypeSymbol? type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
            if (TypeNames.Plain(t) == KnownNames.ComponentAttribute) return true;
        return false;
    }

    /// <summary>The class and its bases up to (not including) ComponentAttribute, most derived first.</summary>
    public static IEnumerable<INamedTypeSymbol> Lineage(INamedTypeSymbol type)
    {
        for (var t = type; t is not null && TypeNames.Plain(t) != KnownNames.ComponentAttribute; t = t.BaseType)
        {
            if (t.SpecialType == SpecialType.System_Object) yield break;
            yield return t;
        }
    }

    /// <summary>A named argument, or a constructor argument by parameter name.</summary>
    public static TypedConstant? Argument(AttributeData data, string name)
    {
        foreach (var named in data.NamedArguments)
            if (named.Key == name) return named.Value;
        var ctor = data.AttributeConstructor;
        if (ctor is null) return null;
        for (var i = 0; i < ctor.Parameters.Length && i < data.ConstructorArguments.Length; i++)
            if (string.Equals(ctor.Parameters[i].Name, name, System.StringComparison.OrdinalIgnoreCase)) return data.ConstructorArguments[i];
        return null;
    }

    public static string? StringArgument(AttributeData? data, string name) =>
        data is not null && Argument(data, name) is { } c && !c.IsNull ? c.Value as string : null;

    public static INamedTypeSymbol? TypeArgument(AttributeData? data, string name) =>
        data is not null && Argument(data, name) is { } c && !c.IsNull ? c.Value as INamedTypeSymbol : null;

    /// <summary>Constructor arguments (by parameter name in PascalCase) then named arguments, as the attribute sets them.</summary>
    public static IEnumerable<(string Name, TypedConstant Value, int Position)> Arguments(AttributeData data)
    {
        var ctor = data.AttributeConstructor;
        for (var i = 0; ctor is not null && i < data.ConstructorArguments.Length && i < ctor.Parameters.Length; i++)
            yield return (Pascal(ctor.Parameters[i].Name), data.ConstructorArguments[i], i);
        foreach (var named in data.NamedArguments)
            yield return (named.Key, named.Value, -1);
    }

    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
