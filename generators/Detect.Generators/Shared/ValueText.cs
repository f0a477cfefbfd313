using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Detect.Config.Checks;

/// <summary>Plain-value helpers for the checks: conversions and the rendering used in messages (<c>[64, 128, 256, 512]</c>).</summary>
internal static class ValueText
{
    public static string Format(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        string s => s,
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        System.IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string FormatDouble(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.IndexOfAny(new[] { '.', 'E', 'N', 'I' }) < 0 ? s + ".0" : s;
    }

    public static long? AsLong(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d when d == System.Math.Floor(d) => (long)d,
        _ => null,
    };

    public static double? AsDouble(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        float f => f,
        _ => null,
    };

    public static IReadOnlyList<object?>? AsList(object? value) => value as IReadOnlyList<object?>;

    public static long[]? AsLongs(object? value)
    {
        var list = AsList(value);
        if (list is null) return null;
        var result = new long[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var v = AsLong(list[i]);
            if (v is null) return null;
            result[i] = v.Value;
        }
        return result;
    }

    public static string FormatLongs(IReadOnlyList<long> values) => "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    public static bool SameValue(object? a, object? b)
    {
        var da = AsDouble(a);
        var db = AsDouble(b);
        if (da is not null && db is not null) return da.Value == db.Value;
        return Equals(a, b) || (a is not null && b is not null && Format(a) == Format(b));
    }
}
