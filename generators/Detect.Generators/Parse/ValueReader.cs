using System.Collections.Generic;
using System.Linq;
using Detect.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Detect.Generators.Parse;

/// <summary>Turns attribute arguments and property initializers into plain <see cref="ConfigValue"/>s.</summary>
internal static class ValueReader
{
    public static ConfigValue FromTypedConstant(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Array)
            return constant.IsNull ? ConfigValue.Null : new ConfigValue(ValueKind.Array, Items: constant.Values.Select(FromTypedConstant).ToEquatableArray());
        if (constant.IsNull) return ConfigValue.Null;
        if (constant.Kind == TypedConstantKind.Type && constant.Value is ITypeSymbol type) return FromType(type);
        return FromConstant(constant.Value, constant.Type);
    }

    public static ConfigValue FromConstant(object? value, ITypeSymbol? type)
    {
        if (value is null) return ConfigValue.Null;
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            var member = enumType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
            var name = member?.Name ?? value.ToString();
            var spelling = member is null ? null : SymbolFacts.StringArgument(SymbolFacts.Find(member, "ConfigNameAttribute"), "Name");
            return new ConfigValue(ValueKind.Enum, System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
                name, TypeNames.Global(enumType), Spelling: spelling ?? Detect.Config.Checks.ConfigNaming.ToSnakeCase(name));
        }
        return value switch
        {
            bool b => new ConfigValue(ValueKind.Bool, Flag: b),
            string s => new ConfigValue(ValueKind.String, Text: s),
            char c => new ConfigValue(ValueKind.String, Text: c.ToString()),
            double d => new ConfigValue(ValueKind.Double, d),
            float f => new ConfigValue(ValueKind.Double, f),
            _ => new ConfigValue(ValueKind.Int, System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    public static ConfigValue FromType(ITypeSymbol type)
    {
        var lineage = new List<string>();
        for (var t = type; t is not null; t = t.BaseType) lineage.Add(TypeNames.Plain(t));
        lineage.AddRange(type.AllInterfaces.Select(TypeNames.Plain));
        var constructible = type is INamedTypeSymbol named && !named.IsAbstract && named.TypeKind == TypeKind.Class &&
            named.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public);
        return new ConfigValue(ValueKind.Type, Text: TypeNames.Plain(type), TypeName: TypeNames.Global(type), Lineage: lineage.ToEquatableArray(), Flag: constructible);
    }

    /// <summary>A property initializer in source (<c>= 50</c>, <c>= [0, 1, 2, 3]</c>, <c>= ResNetStyle.Pytorch</c>), or null when it is not a constant.</summary>
    public static ConfigValue? FromInitializer(ExpressionSyntax expression, SemanticModel model, ITypeSymbol type)
    {
        var elementType = (type as IArrayTypeSymbol)?.ElementType;
        IEnumerable<ExpressionSyntax>? elements = expression switch
        {
            CollectionExpressionSyntax c => c.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression),
            ImplicitArrayCreationExpressionSyntax a => a.Initializer.Expressions,
            ArrayCreationExpressionSyntax a => a.Initializer?.Expressions ?? Enumerable.Empty<ExpressionSyntax>(),
            _ => null,
        };
        if (elements is not null)
        {
            var items = new List<ConfigValue>();
            foreach (var e in elements)
            {
                var item = elementType is null ? null : FromInitializer(e, model, elementType);
                if (item is null) return null;
                items.Add(item);
            }
            return new ConfigValue(ValueKind.Array, Items: items.ToEquatableArray());
        }
        if (expression is TypeOfExpressionSyntax typeOf && model.GetTypeInfo(typeOf.Type).Type is { } t) return FromType(t);
        var constant = model.GetConstantValue(expression);
        if (!constant.HasValue) return null;
        return FromConstant(constant.Value, type is IArrayTypeSymbol ? null : type);
    }

    /// <summary>The value a property has when nothing sets it: 0, false, null, the zero enum member, or an empty list.</summary>
    public static ConfigValue TypeDefault(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol) return new ConfigValue(ValueKind.Array);
        if (type.TypeKind == TypeKind.Enum) return FromConstant(System.Convert.ChangeType(0, EnumUnderlying(type)), type);
        return type.SpecialType switch
        {
            SpecialType.System_Boolean => new ConfigValue(ValueKind.Bool),
            SpecialType.System_Double or SpecialType.System_Single => new ConfigValue(ValueKind.Double),
            SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte => new ConfigValue(ValueKind.Int),
            _ => ConfigValue.Null,
        };
    }

    private static System.Type EnumUnderlying(ITypeSymbol type) =>
        ((INamedTypeSymbol)type).EnumUnderlyingType?.SpecialType switch
        {
            SpecialType.System_Int64 => typeof(long),
            SpecialType.System_Byte => typeof(byte),
            SpecialType.System_Int16 => typeof(short),
            SpecialType.System_UInt32 => typeof(uint),
            _ => typeof(int),
        };
}

/// <summary>How type names are written in models and generated code.</summary>
internal static class TypeNames
{
    private static readonly SymbolDisplayFormat PlainFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat GlobalFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>Detect.Config.ResNetAttribute</c>.</summary>
    public static string Plain(ITypeSymbol type) => type.ToDisplayString(PlainFormat);

    /// <summary><c>global::Detect.Config.ResNetAttribute</c>, or a keyword for special types.</summary>
    public static string Global(ITypeSymbol type) => type.ToDisplayString(GlobalFormat);

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
