using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Detect.Config;

/// <summary>
/// Serializes configs to JSON in MMDetection's shape (<c>{"model": {"type": "RetinaNet", "backbone": {"type": "ResNet", "depth": 50, ...}}}</c>)
/// and reads them back into typed records, choosing each node's record by its <c>type</c> among the
/// loaded config records that fit the slot. Checkpoints store the config this way.
/// </summary>
public static class ConfigJson
{
    // Infinities (FCOS's last regress range) are written as the strings "Infinity" / "-Infinity", as JSON has no such number.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The config as indented JSON.</summary>
    public static string Serialize(ExperimentConfig config) => ToNode(config, root: true)!.ToJsonString(Indented);

    /// <summary>Reads JSON written by <see cref="Serialize"/> (or by hand) back into a config.</summary>
    public static ExperimentConfig Deserialize(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new ConfigurationException("config JSON must be an object.");
        return (ExperimentConfig)ReadNode(node, typeof(ExperimentConfig), "");
    }

    private static JsonNode? ToNode(object? value, bool root = false) => value switch
    {
        null => null,
        ComponentConfig c => ToObject(c, root),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        Enum e => JsonValue.Create(ConfigEnums.Name(e)),
        Type t => JsonValue.Create(t.AssemblyQualifiedName),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(v => ToNode(v)).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject ToObject(ComponentConfig config, bool root)
    {
        var obj = new JsonObject();
        if (!root && config.TypeName.Length > 0) obj["type"] = config.TypeName;
        foreach (var property in ConfigReflection.Properties(config.GetType()))
            if (property.GetValue(config) is { } value) obj[ConfigReflection.Key(property)] = ToNode(value);
        return obj;
    }

    private static ComponentConfig ReadNode(JsonObject obj, Type declared, string path)
    {
        var type = Resolve(obj, declared, path);
        var config = (ComponentConfig)Activator.CreateInstance(type)!;
        var properties = ConfigReflection.Properties(type).ToDictionary(ConfigReflection.Key);
        foreach (var (key, value) in obj)
        {
            if (key == "type") continue;
            var here = path.Length == 0 ? key : path + "." + key;
            if (!properties.TryGetValue(key, out var property)) throw new ConfigurationException($"config JSON: '{here}' is not a key of {config.TypeName}.");
            property.SetValue(config, ReadValue(value, property.PropertyType, here));
        }
        return config;
    }

    private static object? ReadValue(JsonNode? node, Type type, string path)
    {
        if (node is null) return null;
        if (typeof(ComponentConfig).IsAssignableFrom(type)) return ReadNode(node.AsObject(), type, path);
        if (ConfigReflection.ListElement(type) is { } element)
        {
            var items = node.AsArray().Select((n, i) => ReadValue(n, element, path + "." + i)).ToArray();
            var typed = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++) typed.SetValue(items[i], i);
            return typeof(ValueList).GetMethod(nameof(ValueList.From))!.MakeGenericMethod(element).Invoke(null, [typed]);
        }
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(Type)) return Type.GetType(node.GetValue<string>(), throwOnError: true);
        if (target.IsEnum) return ConfigConvert.To(node.GetValue<string>(), target, path);
        return node.Deserialize(target, Indented);
    }

    /// <summary>The loaded record type for a node: the declared one when concrete, else the one whose TypeName matches.</summary>
    private static Type Resolve(JsonObject obj, Type declared, string path)
    {
        if (!declared.IsAbstract) return declared;
        var name = obj["type"]?.GetValue<string>() ?? throw new ConfigurationException($"config JSON: '{path}' has no type.");
        return Registry.Value.Where(t => declared.IsAssignableFrom(t) && TypeNameOf(t) == name).FirstOrDefault()
            ?? throw new ConfigurationException($"config JSON: no loaded {declared.Name} has type '{name}' (at '{path}').");
    }

    private static string TypeNameOf(Type type) => ((ComponentConfig)Activator.CreateInstance(type)!).TypeName;

    private static readonly Lazy<Type[]> Registry = new(() => AppDomain.CurrentDomain.GetAssemblies()
        .SelectMany(a =>
        {
            try { return a.GetTypes(); }
            catch (ReflectionTypeLoadException ex) { return ex.Types.OfType<Type>().ToArray(); }
        })
        .Where(t => typeof(ComponentConfig).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
        .ToArray());
}
