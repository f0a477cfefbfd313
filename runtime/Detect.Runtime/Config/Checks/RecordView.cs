using System.Collections;
using System.Reflection;
using Detect.Config.Checks;

namespace Detect.Config;

/// <summary>
/// The shared checks' view of a config record at run time: values read from the record through its generated
/// <see cref="ComponentConfig.Accept"/> (so command-line overrides are seen), rules and value checks read from the
/// attribute class it mirrors.
/// </summary>
/// <remarks>
/// The rules are attributes on the config attribute class (<c>[ResidualStagesRule]</c>, <c>[InRange]</c> ...), the
/// same metadata the generator reads at compile time; reading them here is the one use of reflection on this path,
/// and it reads declarations, never config values.
/// </remarks>
internal sealed class RecordView(ComponentConfig config, string path, IReadOnlyDictionary<string, string> sources) : IConfigView
{
    private static readonly HashSet<string> CheckNames = ["InRangeAttribute", "NotEmptyAttribute", "OneOfAttribute", "LengthAttribute", "ImplementsAttribute"];
    private readonly Type? _attribute = config.GetType().GetCustomAttribute<ConfiguredByAttribute>()?.AttributeType;
    private readonly IReadOnlyList<(ConfigField Field, object? Value)> _entries = config.Entries;

    public ComponentConfig Config => config;

    public string Path => path;

    public string TypeName => config.TypeName.Length > 0 || _attribute is null ? config.TypeName : ConfigNaming.AttributeUsageName(_attribute.Name);

    public string TypeOrigin => sources.TryGetValue(path, out var s) ? s : "default";

    public IReadOnlyList<RuleView> Rules
    {
        get
        {
            var seen = new HashSet<string>();
            var rules = new List<RuleView>();
            for (var t = _attribute; t is not null && t != typeof(ComponentAttribute); t = t.BaseType)
            {
                var declared = t.GetCustomAttributes(false).Where(IsRule).GroupBy(a => a.GetType().Name);
                foreach (var group in declared.Where(g => seen.Add(g.Key))) rules.AddRange(group.Select(ToView));
            }
            return rules;
        }
    }

    public IReadOnlyList<string> PropertyNames => [.. _entries.Where(e => !e.Field.IsSlot).Select(e => e.Field.Name)];

    public IReadOnlyList<RuleView> PropertyRules(string property) =>
        _attribute?.GetProperties().FirstOrDefault(p => p.Name == property)?.GetCustomAttributes(false)
            .Where(a => CheckNames.Contains(a.GetType().Name)).Select(ToView).ToList() ?? [];

    public object? Value(string property) => Plain(Entry(property)?.Value);

    public string Origin(string property) =>
        sources.TryGetValue(Child(Entry(property)?.Field.Key ?? property), out var s) ? s : "default";

    public IReadOnlyList<string> SlotKeys => [.. _entries.Where(e => e.Field.IsSlot).Select(e => e.Field.Key)];

    public IConfigView? Slot(string key) =>
        _entries.FirstOrDefault(e => e.Field.Key == key).Value is ComponentConfig child ? new RecordView(child, Child(key), sources) : null;

    public IReadOnlyList<IConfigView> Items(string key) =>
        _entries.FirstOrDefault(e => e.Field.Key == key).Value is IReadOnlyList<ComponentConfig> list
            ? [.. list.Select((c, i) => (IConfigView)new RecordView(c, Child(key) + "." + i, sources))]
            : [];

    private (ConfigField Field, object? Value)? Entry(string property) =>
        _entries.FirstOrDefault(e => e.Field.Name == property) is { Field: not null } entry ? entry : null;

    private string Child(string key) => path.Length == 0 ? key : path + "." + key;

    private static bool IsRule(object attribute) =>
        attribute.GetType().Namespace == "Detect.Config" && (attribute.GetType().Name.EndsWith("RuleAttribute", StringComparison.Ordinal) || attribute is PipelineStepAttribute);

    private static RuleView ToView(object attribute) => new(
        ConfigNaming.AttributeUsageName(attribute.GetType().Name),
        attribute.GetType().GetProperties().Where(p => p.Name != nameof(Attribute.TypeId)).ToDictionary(p => p.Name, p => Plain(p.GetValue(attribute))));

    /// <summary>A value as the shared checks see it: long, double, bool, string (enums as configs spell them), TypeRef, or a list of those.</summary>
    public static object? Plain(object? value) => value switch
    {
        null => null,
        bool or string or long or double => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        Enum e => ConfigEnums.Name(e),
        Type t => new TypeRef(t.FullName ?? t.Name, Lineage(t), !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null),
        IEnumerable list => list.Cast<object?>().Select(Plain).ToList(),
        _ => value.ToString(),
    };

    private static List<string> Lineage(Type type)
    {
        var names = new List<string>();
        for (var t = type; t is not null; t = t.BaseType) names.Add(t.FullName ?? t.Name);
        names.AddRange(type.GetInterfaces().Select(i => i.FullName ?? i.Name));
        return names;
    }
}
