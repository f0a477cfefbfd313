using System.Globalization;
using System.Runtime.CompilerServices;

namespace Detect.Config;

/// <summary>
/// Conversions the generated <c>Build()</c> methods use where a config value's type differs from the
/// constructor parameter's: enums by member name, lists to arrays of another element type, lists to
/// tuples (a flat list fills an array of tuples in order). Enum members are found by their config spelling or name
/// (<see cref="ConfigEnums"/>), ignoring case and underscores, so <c>"on_input"</c> reaches a component's own <c>OnInput</c>.
/// </summary>
public static class ConfigConvert
{
    /// <summary>An enum member of <typeparamref name="T"/> with the same name as <paramref name="value"/> (an enum or a string).</summary>
    public static T ToEnum<T>(object value) where T : struct, Enum =>
        (T)ConfigEnums.Parse(typeof(T), value is Enum e ? e.ToString() : value.ToString() ?? "");

    /// <summary>A value for a list key: the list itself, or any sequence converted element by element.</summary>
    public static ValueList<T> ToList<T>(object? value, string key) => value switch
    {
        ValueList<T> list => list,
        null => ValueList<T>.Empty,
        System.Collections.IEnumerable items and not string => ValueList.From(ToArray<T>(items, key)),
        _ => throw new ConfigurationException($"{key}: {value} is not a list."),
    };

    /// <summary>A component for a slot: it must be a <typeparamref name="T"/> (the slot's kind), or null.</summary>
    public static T? Slot<T>(object? value, string key) where T : ComponentConfig => value switch
    {
        null => null,
        T component => component,
        ComponentConfig other => throw new ConfigurationException($"{key}: {other.TypeName} does not fit the slot, which takes a {Kind<T>()}."),
        _ => throw new ConfigurationException($"{key} holds a component ({Kind<T>()}); set one of its keys instead ({key}.<key>=...)."),
    };

    /// <summary>Components for a list slot: each must be a <typeparamref name="T"/>.</summary>
    public static ValueList<T> Items<T>(object? value, string key) where T : ComponentConfig => value switch
    {
        ValueList<T> list => list,
        null => ValueList<T>.Empty,
        System.Collections.IEnumerable items and not string => ValueList.From(items.Cast<object?>().Select((c, i) =>
            Slot<T>(c, key + "." + i) ?? throw new ConfigurationException($"{key}.{i}: a list of components has no empty items."))),
        _ => throw new ConfigurationException($"{key} holds a list of components ({Kind<T>()})."),
    };

    private static string Kind<T>() => typeof(T).Name.EndsWith("Config", StringComparison.Ordinal) ? typeof(T).Name[..^"Config".Length] : typeof(T).Name;

    /// <summary>The list as an array of <typeparamref name="T"/>, converting each element.</summary>
    public static T[] ToArray<T>(System.Collections.IEnumerable values, string key) =>
        values.Cast<object?>().Select((v, i) => (T)To(v, typeof(T), key + "." + i)!).ToArray();

    /// <summary>The value converted to <typeparamref name="T"/> (numbers, enums, lists, arrays, tuples).</summary>
    public static T To<T>(object? value, string key) =>
        value is null && typeof(T).IsValueType && Nullable.GetUnderlyingType(typeof(T)) is null
            ? throw new ConfigurationException($"{key} cannot be None: it holds a {typeof(T).Name}.")
            : (T)To(value, typeof(T), key)!;

    /// <summary>The value converted to <paramref name="target"/>.</summary>
    public static object? To(object? value, Type target, string key)
    {
        if (value is null || target.IsInstanceOfType(value)) return value;
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        try
        {
            if (underlying.IsEnum) return ConfigEnums.Parse(underlying, value is Enum e ? e.ToString() : value.ToString() ?? "", key);
            if (value is System.Collections.IEnumerable list and not string)
            {
                var items = list.Cast<object?>().ToArray();
                if (underlying.IsArray)
                {
                    var element = underlying.GetElementType()!;
                    if (FlatTuples(items, element, key) is { } grouped) items = grouped;
                    var array = Array.CreateInstance(element, items.Length);
                    for (var i = 0; i < items.Length; i++) array.SetValue(To(items[i], element, key + "." + i), i);
                    return array;
                }
                if (typeof(ITuple).IsAssignableFrom(underlying) && underlying.IsGenericType)
                {
                    var types = underlying.GetGenericArguments();
                    if (types.Length != items.Length) throw new ConfigurationException($"{key}: {items.Length} values do not fit a {types.Length}-tuple.");
                    // Reflection on purpose: a --cfg-options value arrives untyped at run time, and a ValueTuple of any arity and
                    // element types is made by its constructor. Generated Build() methods convert at compile time instead.
                    return Activator.CreateInstance(underlying, items.Select((v, i) => To(v, types[i], key + "." + i)).ToArray());
                }
                if (underlying.IsGenericType && underlying.GetGenericArguments() is [var e] && underlying.IsAssignableFrom(e.MakeArrayType()))
                    return To(items, e.MakeArrayType(), key);
            }
            return System.Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or ArgumentException)
        {
            throw new ConfigurationException($"{key}: cannot use {value} ({value.GetType().Name}) as a {target.Name}.", ex);
        }
    }

    /// <summary>
    /// A flat list of scalars read as consecutive tuples when the elements are n-tuples (attributes
    /// cannot nest lists: <c>[-1, 64, 64, 128]</c> → <c>[(-1, 64), (64, 128)]</c>); null when the list
    /// is not flat or the elements are no tuples.
    /// </summary>
    private static object?[]? FlatTuples(object?[] items, Type element, string key)
    {
        if (!typeof(ITuple).IsAssignableFrom(element) || !element.IsGenericType || items.Length == 0) return null;
        if (items.Any(i => i is System.Collections.IEnumerable and not string)) return null;
        int n = element.GetGenericArguments().Length;
        if (items.Length % n != 0) throw new ConfigurationException($"{key}: {items.Length} values do not make whole {n}-tuples.");
        return Enumerable.Range(0, items.Length / n).Select(i => (object?)items.Skip(i * n).Take(n).ToArray()).ToArray();
    }

}
