using System.Collections;
using System.Globalization;
using System.Text;
using Detect.Config.Checks;

namespace Detect.Config;

/// <summary>
/// Prints a config the way MMDetection's <c>print_config</c> does: one <c>key = dict(type='...', ...)</c>
/// per top-level key, Python literals, every value including defaults, and optionally where each set
/// value came from (<c># inherited from RetinaNetR50Fpn1xCoco</c>).
/// </summary>
public static class ConfigPrinter
{
    /// <summary>The whole config, with origins when <paramref name="sources"/> is given.</summary>
    public static string Print(ExperimentConfig config, IReadOnlyDictionary<string, string>? sources = null)
    {
        var text = new StringBuilder();
        foreach (var property in ConfigReflection.Properties(config.GetType()))
        {
            var value = property.GetValue(config);
            if (value is null || IsEmptyList(value)) continue;
            var key = ConfigReflection.Key(property);
            text.Append(key).Append(" = ");
            Render(text, value, key, 0, sources);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>One value as a Python literal: None, True/False, quoted strings, enum members as configs spell them, lists in brackets.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'",
        double d when double.IsInfinity(d) => d > 0 ? "float('inf')" : "-float('inf')",
        double d => ValueText.FormatDouble(d),
        float f => ValueText.FormatDouble(f),
        Enum e => "'" + ConfigEnums.Name(e) + "'",
        Type t => "'" + t.FullName + "'",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(FormatValue)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void Render(StringBuilder text, object value, string path, int depth, IReadOnlyDictionary<string, string>? sources)
    {
        switch (value)
        {
            case ComponentConfig node:
                RenderNode(text, node, path, depth, sources);
                break;
            case IEnumerable list when value.GetType() is { IsGenericType: true } t && ConfigReflection.ListElement(t) is { } e && typeof(ComponentConfig).IsAssignableFrom(e):
                text.Append("[\n");
                var i = 0;
                foreach (var item in list.Cast<ComponentConfig>())
                {
                    Indent(text, depth + 1);
                    RenderNode(text, item, path + "." + i++, depth + 1, sources);
                    text.Append(",\n");
                }
                Indent(text, depth);
                text.Append(']');
                break;
            default:
                text.Append(FormatValue(value));
                break;
        }
    }

    private static void RenderNode(StringBuilder text, ComponentConfig node, string path, int depth, IReadOnlyDictionary<string, string>? sources)
    {
        text.Append("dict(\n");
        if (node.TypeName.Length > 0)
        {
            Indent(text, depth + 1);
            text.Append("type='").Append(node.TypeName).Append("',");
            if (sources is not null && sources.TryGetValue(path, out var typeSource)) text.Append("  # ").Append(typeSource);
            text.Append('\n');
        }
        foreach (var property in ConfigReflection.Values(node.GetType()).Concat(ConfigReflection.Slots(node.GetType())))
        {
            var value = property.GetValue(node);
            var isSlot = ConfigReflection.IsSlot(property.PropertyType);
            if (isSlot && (value is null || IsEmptyList(value))) continue;
            var key = ConfigReflection.Key(property);
            Indent(text, depth + 1);
            text.Append(key).Append('=');
            if (value is null) text.Append("None");
            else Render(text, value, path + "." + key, depth + 1, sources);
            text.Append(',');
            if (sources is not null && !ConfigReflection.IsSlot(property.PropertyType) && sources.TryGetValue(path + "." + key, out var source))
                text.Append("  # ").Append(source);
            text.Append('\n');
        }
        Indent(text, depth);
        text.Append(')');
    }

    private static bool IsEmptyList(object value) => value is IEnumerable list and not string && !list.Cast<object?>().Any();

    private static void Indent(StringBuilder text, int depth) => text.Append(' ', depth * 4);
}
