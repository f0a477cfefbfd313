using System.Globalization;
using System.Reflection;

namespace Detect.Config;

/// <summary>One <c>--cfg-options</c> override: a dotted key and its value text.</summary>
public sealed record CfgOverride(string Key, string Value);

/// <summary>
/// MMDetection's <c>--cfg-options model.backbone.depth=101 train_dataloader.batch_size=4</c>, typed:
/// keys are checked against the config graph (list items by index:
/// <c>param_scheduler.1.milestones=[16,22]</c>), values parsed to the property's type (numbers,
/// True/False, quoted or bare strings, enum names, <c>[a, b]</c> lists, None). The result is a new
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
        var property = ConfigReflection.Properties(node.GetType()).FirstOrDefault(p => ConfigReflection.Key(p) == keys[i])
            ?? throw Error(o, experiment, $"{(path.Length == 0 ? "the config" : $"'{path}' ({node.TypeName})")} has no key '{keys[i]}'; its keys are {string.Join(", ", ConfigReflection.Properties(node.GetType()).Select(ConfigReflection.Key))}");
        var here = path.Length == 0 ? keys[i] : path + "." + keys[i];
        if (i == keys.Length - 1)
        {
            if (ConfigReflection.IsSlot(property.PropertyType))
                throw Error(o, experiment, $"'{here}' is a component; set one of its keys instead (e.g. {here}.<key>=...)");
            return ConfigReflection.With(node, property, ParseValue(o.Value, property.PropertyType, o, experiment));
        }
        var current = property.GetValue(node);
        if (current is ComponentConfig child) return ConfigReflection.With(node, property, Set(child, keys, i + 1, o, experiment));
        if (ConfigReflection.ListElement(property.PropertyType) is { } element && typeof(ComponentConfig).IsAssignableFrom(element) && current is System.Collections.IEnumerable list)
        {
            var items = list.Cast<ComponentConfig>().ToArray();
            if (!int.TryParse(keys[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= items.Length)
                throw Error(o, experiment, $"'{here}' is a list of {items.Length}; address an item by index, e.g. {here}.0.<key>=...");
            if (i + 2 >= keys.Length) throw Error(o, experiment, $"'{here}.{index}' is a component; set one of its keys");
            items[index] = Set(items[index], keys, i + 2, o, experiment);
            return ConfigReflection.With(node, property, MakeList(element, items));
        }
        throw Error(o, experiment, $"'{here}' is not set in this config, so it has no '{keys[i + 1]}'");
    }

    private static object? ParseValue(string text, Type type, CfgOverride o, string experiment)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (text is "None" or "null")
            return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null ? null : throw Error(o, experiment, $"'{o.Key}' cannot be None");
        if (ConfigReflection.ListElement(target) is { } element)
        {
            var inner = text.Trim();
            if (inner.Length >= 2 && (inner[0], inner[^1]) is ('[', ']') or ('(', ')')) inner = inner[1..^1];
            var items = inner.Length == 0 ? [] : inner.Split(',').Select(s => ParseValue(s.Trim(), element, o, experiment)).ToArray();
            return MakeList(element, items);
        }
        try
        {
            if (target == typeof(string)) return text.Length >= 2 && (text[0], text[^1]) is ('\'', '\'') or ('"', '"') ? text[1..^1] : text;
            if (target == typeof(bool)) return text is "True" or "true" or "1" || (text is "False" or "false" or "0" ? false : throw new FormatException());
            if (target.IsEnum) return ConfigConvert.To(text.Trim('\'', '"'), target, o.Key);
            if (target == typeof(Type)) return Type.GetType(text, throwOnError: true);
            return Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or TypeLoadException or FileNotFoundException)
        {
            throw Error(o, experiment, $"'{text}' is not a {Describe(target)}");
        }
    }

    private static object MakeList(Type element, object?[] items)
    {
        var typed = Array.CreateInstance(element, items.Length);
        for (var i = 0; i < items.Length; i++) typed.SetValue(items[i], i);
        var from = typeof(ValueList).GetMethod(nameof(ValueList.From), BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(element);
        return from.Invoke(null, [typed])!;
    }

    private static string Describe(Type type) => type == typeof(bool) ? "boolean (True/False)" : type.IsEnum ? $"{type.Name} ({string.Join(", ", ConfigEnums.Spellings(type))})" : type.Name;

    private static ConfigurationException Error(CfgOverride o, string experiment, string message) =>
        new($"--cfg-options {o.Key}={o.Value} ({experiment}): {message}.");
}
