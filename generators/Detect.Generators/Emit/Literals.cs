using System.Globalization;
using System.Linq;
using Detect.Config.Checks;
using Detect.Generators.Model;
using Detect.Generators.Parse;

namespace Detect.Generators.Emit;

/// <summary>Renders config values as C# for a property of a given type: collection expressions for lists, enum members by name.</summary>
internal static class Literals
{
    public static string Write(ConfigValue value, PropertyType type) =>
        type.IsArray
            ? "[" + string.Join(", ", (value.Kind == ValueKind.Array ? value.Items : default).Select(i => Scalar(i, type.Element))) + "]"
            : Scalar(value, type.Element);

    /// <summary>The value as an attribute argument (<c>new int[] { 0, 1 }</c> for lists), for <c>[DefaultValue]</c>.</summary>
    public static string WriteAttributeArgument(ConfigValue value, PropertyType type) =>
        type.IsArray
            ? "new " + type.Element + "[] { " + string.Join(", ", value.Items.Select(i => Scalar(i, type.Element))) + " }"
            : Scalar(value, type.Element);

    public static string Scalar(ConfigValue value, string element)
    {
        if (value.Kind == ValueKind.Null) return element == "string" || value.Kind == ValueKind.Type ? "null" : "default";
        switch (element)
        {
            case "bool": return value.Flag ? "true" : "false";
            case "string": return TypeNames.Literal(value.Text ?? "");
            case "double": return Real(value.Number, "double", "");
            case "float": return Real(value.Number, "float", "f");
            case "long": return ((long)value.Number).ToString(CultureInfo.InvariantCulture) + "L";
            case "int" or "short" or "byte": return ((long)value.Number).ToString(CultureInfo.InvariantCulture);
        }
        if (value.Kind == ValueKind.Type) return "typeof(" + value.TypeName + ")";
        if (value.Kind == ValueKind.Enum)
            return value.Text is { Length: > 0 } member && char.IsLetter(member[0]) || value.Text?[0] == '_'
                ? element + "." + value.Text
                : "(" + element + ")" + ((long)value.Number).ToString(CultureInfo.InvariantCulture);
        return ((long)value.Number).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A C# literal of a real number; infinities and NaN by name (<c>double.PositiveInfinity</c>), as "Infinity" is no literal.</summary>
    private static string Real(double number, string type, string suffix) =>
        double.IsPositiveInfinity(number) ? type + ".PositiveInfinity"
        : double.IsNegativeInfinity(number) ? type + ".NegativeInfinity"
        : double.IsNaN(number) ? type + ".NaN"
        : ValueText.FormatDouble(number) + suffix;

    /// <summary>True when the value equals what the property holds without an initializer (0, false, null, empty).</summary>
    public static bool IsTypeDefault(ConfigValue value) => value.Kind switch
    {
        ValueKind.Null => true,
        ValueKind.Array => value.Items.Count == 0,
        ValueKind.Bool => !value.Flag,
        ValueKind.Int or ValueKind.Double or ValueKind.Enum => value.Number == 0,
        _ => false,
    };
}
