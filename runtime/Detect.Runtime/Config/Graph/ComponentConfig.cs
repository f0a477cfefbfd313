namespace Detect.Config;

/// <summary>
/// Base of every config record the generator emits (<c>ResNetConfig</c>, <c>FpnConfig</c>,
/// <c>ExperimentConfig</c> ...): an immutable node of the merged config tree. Records compare by
/// value, can be changed with <c>with</c> (or by key with <see cref="With"/>), walked with
/// <see cref="Accept"/>, printed (<see cref="ConfigPrinter"/>) and serialized (<see cref="ConfigJson"/>).
/// </summary>
public abstract record ComponentConfig
{
    /// <summary>MMDetection's <c>type</c> of this node, e.g. <c>"ResNet"</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>
    /// Builds the component this node describes (a module, task module, dataset ...) by calling its
    /// constructor with this node's values; settings-only nodes return themselves.
    /// </summary>
    public abstract object Build();

    /// <summary>
    /// Hands every key of this node to <paramref name="visitor"/>, in declaration order, the base record's keys
    /// first: values with their value, slots with their component (or null), list slots with their items.
    /// Generated for each record.
    /// </summary>
    public virtual void Accept(IConfigVisitor visitor) { }

    /// <summary>
    /// A copy with <paramref name="key"/> set to <paramref name="value"/>, converted to the key's type (numbers,
    /// enums by their config spelling, lists; components must fit the slot). Generated for each record.
    /// </summary>
    /// <exception cref="ConfigurationException">The node has no such key, or the value does not fit it.</exception>
    public virtual ComponentConfig With(string key, object? value) =>
        throw new ConfigurationException($"'{key}' is not a key of {(TypeName.Length > 0 ? TypeName : GetType().Name)}; its keys are {string.Join(", ", Fields.Select(f => f.Key))}.");

    /// <summary>The keys of this node, in <see cref="Accept"/>'s order.</summary>
    public IReadOnlyList<ConfigField> Fields => [.. Entries.Select(e => e.Field)];

    /// <summary>
    /// The keys of this node with what they hold, in <see cref="Accept"/>'s order: a value, a component (or null),
    /// or a list of components (<c>IReadOnlyList&lt;ComponentConfig&gt;</c>).
    /// </summary>
    public IReadOnlyList<(ConfigField Field, object? Value)> Entries
    {
        get
        {
            var entries = new EntryCollector();
            Accept(entries);
            return entries.All;
        }
    }

    private sealed class EntryCollector : IConfigVisitor
    {
        public List<(ConfigField, object?)> All { get; } = [];
        public void Value(ConfigField field, object? value) => All.Add((field, value));
        public void Slot(ConfigField field, ComponentConfig? component) => All.Add((field, component));
        public void Items(ConfigField field, IReadOnlyList<ComponentConfig> items) => All.Add((field, items));
    }
}

/// <summary>One key of a config record: MMDetection's key, the C# property name and its type.</summary>
/// <param name="Key">The key, e.g. <c>out_indices</c>.</param>
/// <param name="Name">The C# property, e.g. <c>OutIndices</c>.</param>
/// <param name="Type">The value's type (a list's element type when <paramref name="IsList"/>; a slot's record type).</param>
/// <param name="IsList">Whether the key holds a list (<see cref="ValueList{T}"/> of <paramref name="Type"/>).</param>
public sealed record ConfigField(string Key, string Name, Type Type, bool IsList = false)
{
    /// <summary>Whether the key holds a component (or a list of them) rather than a value.</summary>
    public bool IsSlot => typeof(ComponentConfig).IsAssignableFrom(Type);
}

/// <summary>Receives the keys of a config record from <see cref="ComponentConfig.Accept"/>.</summary>
public interface IConfigVisitor
{
    /// <summary>A value key (a number, string, enum, type or a list of those).</summary>
    void Value(ConfigField field, object? value);

    /// <summary>A key that holds one component, or null when unset.</summary>
    void Slot(ConfigField field, ComponentConfig? component);

    /// <summary>A key that holds a list of components.</summary>
    void Items(ConfigField field, IReadOnlyList<ComponentConfig> items);
}
