using System.Globalization;

namespace Detect.Config;

/// <summary>One <c>--cfg-options</c> override: a dotted key and its value text.</summary>
public sealed record CfgOverride(string Key, string Value);

/// <summary>
/// MMDetection's <c>--cfg-options model.backbone.depth=101 train_dataloader.batch_size=4</c>, typed:
/// keys are checked against the config graph (list items by index:
/// <c>param_scheduler.1.milestones=[16,22]</c>), values parsed to the property's type (numbers,
/// True/False, quoted or bare strings, enum names, <c>[a, b]</c> lists, None; a component or list slot set to None is emptied,
/// as <see cref="UnsetAttribute"/> does in a config). The result is a new
/// config; the caller re-runs the config checks on it.
/// </summary>
public static class CfgOptions
{
    /// <summary>Parses <c>key=value</c> tokens.</summary>
    public static IReadOnlyList<CfgOverride> Parse(IEnumerable<string> options) =>
        options.Select(o => o.IndexOf('=') is var eq and > 0
            ? new CfgOverride(o[..eq].Trim(), o[(eq + 1)..].Trim())
            : throw new ConfigurationException($"--cfg-options '{o}': expected key=value, e.g. model.backbone.depth=101.")).ToList();

    /// <summary>Applies the overrides in order.</summary>
    public static ExperimentConfig Apply(ExperimentConfig config, IEnumerable<CfgOverride> overrides, string experiment)
    {
        foreach (var o in overrides) config = (ExperimentConfig)Set(config, o.Key.Split('.'), 0, o, experiment);
        return config;
    }

    private static ComponentConfig Set(ComponentConfig node, string[] keys, int i, CfgOverride o, string experiment)
    {
        var path = string.Join(".", keys.Take(i));
        var entries = node.Entries;
        var (field, current) = entries.FirstOrDefault(e => e.Field.Key == keys[i]);
        if (field is null)
            throw Error(o, experiment, $"{(path.Length == 0 ? "the config" : $"'{path}' ({node.TypeName})")} has no key '{keys[i]}'; its keys are {string.Join(", ", entries.Select(e => e.Field.Key))}");
        var here = path.Length == 0 ? keys[i] : path + "." + keys[i];
        try
        {
            if (i == keys.Length - 1)
            {
                // MMEngine's key=None empties a slot ([Unset] in a config): train from scratch with model.backbone.init_cfg=None.
                if (field.IsSlot && o.Value is "None" or "null") return node.With(field.Key, field.IsList ? Array.Empty<ComponentConfig>() : null);
                if (field.IsSlot) throw Error(o, experiment, $"'{here}' is a component; set one of its keys instead (e.g. {here}.<key>=...), or empty it with {here}=None");
                return node.With(field.Key, ParseValue(o.Value, field, o, experiment));
            }
            if (current is ComponentConfig child) return node.With(field.Key, Set(child, keys, i + 1, o, experiment));
            if (current is IReadOnlyList<ComponentConfig> list)
            {
                if (!int.TryParse(keys[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= list.Count)
                    throw Error(o, experiment, $"'{here}' is a list of {list.Count}; address an item by index, e.g. {here}.0.<key>=...");
                if (i + 2 >= keys.Length) throw Error(o, experiment, $"'{here}.{index}' is a component; set one of its keys");
                var items = list.ToArray();
                items[index] = Set(items[index], keys, i + 2, o, experiment);
                return node.With(field.Key, items);
            }
        }
        catch (ConfigurationException e) when (!e.Message.StartsWith("--cfg-options", StringComparison.Ordinal))
        {
            throw Error(o, experiment, e.Message.TrimEnd('.'));
        }
        throw Error(o, experiment, $"'{here}' is not set in this config, so it has no '{keys[i + 1]}'");
    }

    private static object? ParseValue(string text, ConfigField field, CfgOverride o, string experiment)
    {
        if (text is "None" or "null") return null;
        if (field.IsList)
        {
            var inner = text.Trim();
            if (inner.Length >= 2 && (inner[0], inner[^1]) is ('[', ']') or ('(', ')')) inner = inner[1..^1];
            return inner.Length == 0 ? [] : inner.Split(',').Select(s => ParseScalar(s.Trim(), field.Type, o, experiment)).ToArray();
        }
        return ParseScalar(text, field.Type, o, experiment);
    }

    private static object? ParseScalar(string text, Type type, CfgOverride o, string experiment)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            if (target == typeof(string)) return text.Length >= 2 && (text[0], text[^1]) is ('\'', '\'') or ('"', '"') ? text[1..^1] : text;
            if (target == typeof(bool)) return text is "True" or "true" or "1" || (text is "False" or "false" or "0" ? false : throw new FormatException());
            if (target.IsEnum) return ConfigEnums.Parse(target, text.Trim('\'', '"'), o.Key);
            if (target == typeof(Type)) return Type.GetType(text, throwOnError: true);
            return Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or TypeLoadException or FileNotFoundException)
        {
            throw Error(o, experiment, $"'{text}' is not a {Describe(target)}");
        }
    }

    private static string Describe(Type type) => type == typeof(bool) ? "boolean (True/False)" : type.IsEnum ? $"{type.Name} ({string.Join(", ", ConfigEnums.Spellings(type))})" : type.Name;

    private static ConfigurationException Error(CfgOverride o, string experiment, string message) =>
        new($"--cfg-options {o.Key}={o.Value} ({experiment}): {message}.");
}
