using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Detect.Config;

/// <summary>
/// Serializes configs to JSON in MMDetection's shape (<c>{"model": {"type": "RetinaNet", "backbone": {"type": "ResNet", "depth": 50, ...}}}</c>)
/// and reads them back into typed records, choosing each node's record by its <c>type</c> among the
/// loaded assemblies' config records (their generated <see cref="ConfigRegistry"/>) that fit the slot.
/// Checkpoints store the config this way.
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
        var records = ConfigRegistry.Loaded().SelectMany(r => r.Records).ToList();
        return (ExperimentConfig)ReadNode(node, typeof(ExperimentConfig), "", records);
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
        foreach (var (field, value) in config.Entries)
            if (value is not null) obj[field.Key] = ToNode(value);
        return obj;
    }

    private static ComponentConfig ReadNode(JsonObject obj, Type declared, string path, IReadOnlyList<ConfigRecordEntry> records)
    {
        var config = Create(obj, declared, path, records);
        var fields = config.Fields.ToDictionary(f => f.Key);
        foreach (var (key, value) in obj)
        {
            if (key == "type") continue;
            var here = path.Length == 0 ? key : path + "." + key;
            if (!fields.TryGetValue(key, out var field)) throw new ConfigurationException($"config JSON: '{here}' is not a key of {config.TypeName}.");
            config = config.With(key, ReadValue(value, field, here, records));
        }
        return config;
    }

    private static object? ReadValue(JsonNode? node, ConfigField field, string path, IReadOnlyList<ConfigRecordEntry> records)
    {
        if (node is null) return null;
        if (field.IsList) return node.AsArray().Select((n, i) => ReadScalar(n, field.Type, path + "." + i, records)).ToArray();
        return ReadScalar(node, field.Type, path, records);
    }

    private static object? ReadScalar(JsonNode? node, Type type, string path, IReadOnlyList<ConfigRecordEntry> records)
    {
        if (node is null) return null;
        if (typeof(ComponentConfig).IsAssignableFrom(type)) return ReadNode(node.AsObject(), type, path, records);
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(Type)) return Type.GetType(node.GetValue<string>(), throwOnError: true);
        if (target.IsEnum) return ConfigEnums.Parse(target, node.GetValue<string>(), path);
        return node.Deserialize(target, Indented);
    }

    /// <summary>
    /// A record for a node with the defaults: of the declared type when it is concrete, else the loaded record
    /// (from the assemblies' generated registries) that fits the slot and has the node's <c>type</c>.
    /// </summary>
    private static ComponentConfig Create(JsonObject obj, Type declared, string path, IReadOnlyList<ConfigRecordEntry> records)
    {
        if (!declared.IsAbstract)
            return records.FirstOrDefault(r => r.Type == declared)?.Create()
                ?? throw new ConfigurationException($"config JSON: {declared.Name} (at '{path}') is not in a loaded registry.");
        var name = obj["type"]?.GetValue<string>();
        if (name is null) return Untyped(obj, declared, path, records);
        return records.FirstOrDefault(r => declared.IsAssignableFrom(r.Type) && r.TypeName == name)?.Create()
            ?? throw new ConfigurationException($"config JSON: no loaded {declared.Name} has type '{name}' (at '{path}').");
    }

    /// <summary>
    /// A node without <c>type</c> in an abstract slot (MMDetection's settings dicts, e.g. a two-stage <c>train_cfg</c>, whose
    /// <c>rcnn</c> is one dict or a list per stage): the one untyped record of the slot whose keys, single or list, fit the node.
    /// </summary>
    private static ComponentConfig Untyped(JsonObject obj, Type declared, string path, IReadOnlyList<ConfigRecordEntry> records)
    {
        var fitting = records.Where(r => declared.IsAssignableFrom(r.Type) && r.TypeName.Length == 0).Select(r => r.Create())
            .Where(c => obj.All(p => c.Fields.FirstOrDefault(f => f.Key == p.Key) is { } f && (p.Value is JsonArray) == f.IsList || p.Value is null))
            .ToList();
        return fitting.Count == 1 ? fitting[0]
            : throw new ConfigurationException($"config JSON: '{path}' has no type" + (fitting.Count > 1 ? $", and {fitting.Count} untyped {declared.Name} records fit its keys." : "."));
    }
}
