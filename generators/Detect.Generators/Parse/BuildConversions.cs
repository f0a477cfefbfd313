using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Emit;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Parse;

/// <summary>
/// Writes the expression that turns a config record property into a constructor argument of the
/// parameter's type, at compile time wherever the types allow:
/// implicit conversions as they are; numbers cast; enums by member name; lists to arrays,
/// read-only lists of another element type (each element converted, user-defined conversions
/// included) or tuples (<c>Scale = [1333, 800]</c> → <c>(1333, 800)</c>); an empty list or a zero
/// value for an optional nullable parameter means "unset" (null); a missing string for a required
/// parameter fails with the key's name; sub-slots are built. Anything else converts at run time.
/// </summary>
internal sealed class BuildConversions(Compilation compilation, string owner)
{
    private const string Convert = "global::Detect.Config.ConfigConvert";
    private const string Build = "global::Detect.Config.ConfigBuild";

    /// <summary>True when the conversion is written at compile time (used to choose among constructors).</summary>
    /// <remarks>
    /// A list slot fits a collection parameter and a single slot any other, so a settings type may offer one constructor
    /// per shape (<c>train_cfg.rcnn</c>: one setting for a one-stage RoI head, a list for a multi-stage one).
    /// </remarks>
    public bool IsStatic(IPropertySymbol member, ITypeSymbol target) =>
        DescriptorReader.SlotKind(member.Type) is not null
            ? member.Type is IArrayTypeSymbol == IsCollection(target)
            : !Argument(member, target, true, null).Contains(Convert + ".To<");

    private static bool IsCollection(ITypeSymbol type) =>
        type is IArrayTypeSymbol || type.SpecialType != SpecialType.System_String && (IsEnumerableOfT(type) || type.AllInterfaces.Any(IsEnumerableOfT));

    private static bool IsEnumerableOfT(ITypeSymbol type) => type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    /// <summary>The argument for <paramref name="target"/> from the config property <paramref name="member"/>.</summary>
    /// <param name="member">The config property.</param>
    /// <param name="target">The constructor parameter's (or settable property's) type.</param>
    /// <param name="optional">Whether the parameter is optional.</param>
    /// <param name="defaultValue">The parameter's default.</param>
    /// <param name="source">For a slot: the expression of its config in place of the property (a head's config with the
    /// detector's settings); null: the property.</param>
    public string Argument(IPropertySymbol member, ITypeSymbol target, bool optional, object? defaultValue, string? source = null)
    {
        var name = member.Name;
        var key = TypeNames.Literal(DescriptorReader.Key(member));
        var targetText = TypeNames.Global(target);
        if (DescriptorReader.SlotKind(member.Type) is not null)
        {
            if (member.Type is IArrayTypeSymbol)
                return Build + ".List<" + TypeNames.Global(ElementOf(target) ?? compilation.GetSpecialType(SpecialType.System_Object)) + ">(" + name + ", " + key + ", " + Quote(owner) + ")";
            var nullable = optional || target.NullableAnnotation == NullableAnnotation.Annotated;
            return Build + (nullable ? ".Optional<" : ".Required<") + targetText + ">(" + (source ?? name) + ", " + key + ", " + Quote(owner) + ")";
        }
        var unsetIsNull = optional && defaultValue is null && IsNullable(target);
        if (member.Type is IArrayTypeSymbol array)
        {
            var list = List(name, array.ElementType, target, key);
            return unsetIsNull ? name + ".Count == 0 ? null : " + list : list;
        }
        var underlying = Underlying(target);
        if (member.Type.IsValueType && unsetIsNull && underlying is not null)
            return name + " == default ? null : " + Scalar(name, member.Type, underlying, key);
        if (!member.Type.IsValueType && target.IsReferenceType)
        {
            var scalar = Scalar(name, member.Type, target, key);
            if (!optional) return Build + ".Require(" + scalar + ", " + key + ", " + Quote(owner) + ")";
            if (defaultValue is string s && member.Type.NullableAnnotation == NullableAnnotation.Annotated) return name + " ?? " + TypeNames.Literal(s);
            return scalar;
        }
        return Scalar(name, member.Type, target, key);
    }

    /// <summary>A [Preset] constant as an argument of <paramref name="target"/>'s type.</summary>
    public string Constant(TypedConstant value, ITypeSymbol target)
    {
        var literal = value.Value switch
        {
            string s => TypeNames.Literal(s),
            bool b => b ? "true" : "false",
            null => "null",
            var v => System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
        };
        var targetType = Underlying(target) ?? target;
        return targetType.TypeKind == TypeKind.Enum && value.Value is string
            ? Convert + ".ToEnum<" + TypeNames.Global(targetType) + ">(" + literal + ")"
            : literal;
    }

    private string Scalar(string expression, ITypeSymbol source, ITypeSymbol target, string key)
    {
        var conversion = compilation.ClassifyCommonConversion(source, target);
        if (conversion.IsImplicit) return expression;
        var underlying = Underlying(target) ?? target;
        if (conversion.IsNumeric || (conversion.Exists && conversion.IsUserDefined)) return "(" + TypeNames.Global(target) + ")" + expression;
        if (underlying.TypeKind == TypeKind.Enum && (source.TypeKind == TypeKind.Enum || source.SpecialType == SpecialType.System_String))
            return Convert + ".ToEnum<" + TypeNames.Global(underlying) + ">(" + expression + ")";
        return Convert + ".To<" + TypeNames.Global(target) + ">(" + expression + ", " + key + ")";
    }

    private string List(string name, ITypeSymbol element, ITypeSymbol target, string key)
    {
        var valueList = compilation.GetTypeByMetadataName(KnownNames.ValueList)?.Construct(element);
        if (valueList is not null && compilation.ClassifyCommonConversion(valueList, target).IsImplicit) return name;
        var type = Underlying(target) ?? target;
        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
            return "(" + string.Join(", ", tuple.TupleElements.Select((e, i) => Scalar(name + "[" + i + "]", element, e.Type, key))) + ")";
        if (ElementOf(type) is { } targetElement && (type is IArrayTypeSymbol || type.TypeKind == TypeKind.Interface))
        {
            if (SymbolEqualityComparer.Default.Equals(element, targetElement)) return name + ".ToArray()";
            // Inside the lambda the element type must change, so even an implicit conversion is written as a cast.
            var each = compilation.ClassifyCommonConversion(element, targetElement).Exists && targetElement.TypeKind != TypeKind.Enum
                ? "(" + TypeNames.Global(targetElement) + ")v"
                : Scalar("v", element, targetElement, key);
            if (!each.StartsWith(Convert + ".To<", System.StringComparison.Ordinal))
                return "global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Select(" + name + ", v => " + each + "))";
        }
        return Convert + ".To<" + TypeNames.Global(target) + ">(" + name + ", " + key + ")";
    }

    private static bool IsNullable(ITypeSymbol type) =>
        type.NullableAnnotation == NullableAnnotation.Annotated || Underlying(type) is not null || (type.IsReferenceType);

    /// <summary>T of a <c>Nullable&lt;T&gt;</c>, else null.</summary>
    private static ITypeSymbol? Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : null;

    private static ITypeSymbol? ElementOf(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol a => a.ElementType,
        INamedTypeSymbol { IsGenericType: true } g when g.TypeArguments.Length == 1 => g.TypeArguments[0],
        _ => null,
    };

    private static string Quote(string text) => TypeNames.Literal(text);
}
