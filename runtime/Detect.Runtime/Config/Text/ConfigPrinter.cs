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
        foreach (var (field, value) in config.Entries)
        {
            if (value is null || IsEmptyList(value)) continue;
            text.Append(field.Key).Append(" = ");
            Render(text, value, field.Key, 0, sources);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// One line per value, with its full key as <c>--cfg-options</c> takes it, list items by index
    /// (<c>model.roi_head.bbox_head.1.loss_cls.loss_weight = 1.0</c>, <c>param_scheduler.1.type = 'MultiStepLR'</c>),
    /// commented with where it came from when <paramref name="sources"/> is given.
    /// </summary>
    public static string PrintKeys(ComponentConfig config, IReadOnlyDictionary<string, string>? sources = null)
    {
        var text = new StringBuilder();
        void Line(string key, string value)
        {
            text.Append(key).Append(" = ").Append(value);
            if (sources is not null && sources.TryGetValue(key.EndsWith(".type", StringComparison.Ordinal) ? key[..^5] : key, out var source))
                text.Append("  # ").Append(source);
            text.Append('\n');
        }
        void Node(ComponentConfig node, string path)
        {
            if (path.Length > 0 && node.TypeName.Length > 0) Line(path + ".type", FormatValue(node.TypeName));
            foreach (var (field, value) in node.Entries)
            {
                var key = path.Length == 0 ? field.Key : path + "." + field.Key;
                switch (value)
                {
                    case ComponentConfig child: Node(child, key); break;
                    case IReadOnlyList<ComponentConfig> items:
                        for (var i = 0; i < items.Count; i++) Node(items[i], key + "." + i);
                        break;
                    case null when field.IsSlot: break;
                    default: Line(key, FormatValue(value)); break;
                }
            }
        }
        Node(config, "");
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
            case IReadOnlyList<ComponentConfig> list:
                text.Append("[\n");
                for (var i = 0; i < list.Count; i++)
                {
                    Indent(text, depth + 1);
                    RenderNode(text, list[i], path + "." + i, depth + 1, sources);
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
        // A TestTimeAug step is an inner list in MMDetection's configs: transforms=[[Resize(...), Resize(...)], [...]].
        if (node is TtaChoiceConfig choice)
        {
            Render(text, choice.Transforms, path + ".transforms", depth, sources);
            return;
        }
        text.Append("dict(\n");
        if (node.TypeName.Length > 0)
        {
            Indent(text, depth + 1);
            text.Append("type='").Append(node.TypeName).Append("',");
            if (sources is not null && sources.TryGetValue(path, out var typeSource)) text.Append("  # ").Append(typeSource);
            text.Append('\n');
        }
        // Values first, then components, as MMDetection's configs read.
        var entries = node.Entries;
        foreach (var (field, value) in entries.Where(e => !e.Field.IsSlot).Concat(entries.Where(e => e.Field.IsSlot)))
        {
            if (field.IsSlot && (value is null || IsEmptyList(value))) continue;
            Indent(text, depth + 1);
            text.Append(field.Key).Append('=');
            if (value is null) text.Append("None");
            else Render(text, value, path + "." + field.Key, depth + 1, sources);
            text.Append(',');
            if (sources is not null && !field.IsSlot && sources.TryGetValue(path + "." + field.Key, out var source))
                text.Append("  # ").Append(source);
            text.Append('\n');
        }
        Indent(text, depth);
        text.Append(')');
    }

    private static bool IsEmptyList(object value) => value is IEnumerable list and not string && !list.Cast<object?>().Any();

    private static void Indent(StringBuilder text, int depth) => text.Append(' ', depth * 4);
}
