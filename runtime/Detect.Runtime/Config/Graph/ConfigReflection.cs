using System.Reflection;

namespace Detect.Config;

/// <summary>
/// Reflection over config records: their keyed properties (values and sub-slots) and copies with one
/// property changed. Printing, JSON, <c>--cfg-options</c> and the runtime checks share it.
/// </summary>
public static class ConfigReflection
{
    /// <summary>Every keyed property of a config record type, base record's first (declaration order).</summary>
    public static IReadOnlyList<PropertyInfo> Properties(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(ComponentConfig); t = t.BaseType) chain.Insert(0, t);
        return chain.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<ConfigKeyAttribute>() is not null)
            .ToList();
    }

    /// <summary>Sub-slot properties (a component or a list of components).</summary>
    public static IEnumerable<PropertyInfo> Slots(Type type) => Properties(type).Where(p => IsSlot(p.PropertyType));

    /// <summary>Value properties.</summary>
    public static IEnumerable<PropertyInfo> Values(Type type) => Properties(type).Where(p => !IsSlot(p.PropertyType));

    /// <summary>The MMDetection key of a property.</summary>
    public static string Key(PropertyInfo property) => property.GetCustomAttribute<ConfigKeyAttribute>()!.Key;

    /// <summary>True for component types and lists of them.</summary>
    public static bool IsSlot(Type type) => typeof(ComponentConfig).IsAssignableFrom(type) || ListElement(type) is { } e && typeof(ComponentConfig).IsAssignableFrom(e);

    /// <summary>The element type of a <see cref="ValueList{T}"/>, or null.</summary>
    public static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>A copy of <paramref name="record"/> with <paramref name="property"/> set (what <c>with</c> does).</summary>
    public static T With<T>(T record, PropertyInfo property, object? value) where T : ComponentConfig
    {
        var clone = (T)record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(clone, value);
        return clone;
    }

    /// <summary>The attribute class a config record mirrors (its value checks and rules live there).</summary>
    public static Type? AttributeType(Type recordType) => recordType.GetCustomAttribute<ConfiguredByAttribute>()?.AttributeType;
}
