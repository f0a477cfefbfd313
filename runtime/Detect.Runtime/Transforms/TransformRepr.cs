using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Detect.Transforms;

/// <summary>
/// Prints a transform as the C# constructor call that makes it, e.g.
/// <c>Resize(scale: (1333, 800), keepRatio: true)</c>: readable like MMDetection's repr, and valid code.
/// </summary>
public static class TransformRepr
{
    /// <summary><c>Name(param: value, ...)</c>.</summary>
    public static string Format(string name, IEnumerable<(string Name, object? Value)> parameters) =>
        $"{name}({string.Join(", ", parameters.Select(p => $"{p.Name}: {Value(p.Value)}"))})";

    /// <summary>One argument value as C# source: true, 0.5, "horizontal", (1333, 800), [..], null.</summary>
    public static string Value(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => $"\"{s}\"",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f when value.GetType().IsPrimitive => f.ToString(null, CultureInfo.InvariantCulture),
        Enum e => $"{e.GetType().Name}.{e}",
        ITuple t => "(" + string.Join(", ", Enumerable.Range(0, t.Length).Select(i => Value(t[i]))) + ")",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        _ => value.ToString() ?? "",
    };
}
