using System.Text.Json;

namespace Detect.Datasets;

/// <summary>
/// Typed reads of one JSON value with the reader on its first token; on a type mismatch they skip the
/// value and return false, so that the caller can report the field together with the record's id.
/// </summary>
internal static class JsonValues
{
    /// <summary>An integer (a number with no fractional part, e.g. 3 or 3.0).</summary>
    public static bool TryInt64(ref Utf8JsonReader r, out long value)
    {
        value = 0;
        if (r.TokenType != JsonTokenType.Number) return SkipFalse(ref r);
        if (r.TryGetInt64(out value)) return true;
        double d = r.GetDouble();
        if (d != Math.Floor(d) || d is < long.MinValue or >= 9.2233720368547758E+18) return false;
        value = (long)d;
        return true;
    }

    /// <summary>A non-negative integer that fits an int (image sizes).</summary>
    public static bool TrySize(ref Utf8JsonReader r, out int value)
    {
        value = 0;
        if (!TryInt64(ref r, out long v) || v is < 0 or > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    /// <summary>Any number, as the correctly rounded double (what Python's json gives).</summary>
    public static bool TryDouble(ref Utf8JsonReader r, out double value)
    {
        value = 0;
        if (r.TokenType != JsonTokenType.Number) return SkipFalse(ref r);
        value = r.GetDouble();
        return true;
    }

    /// <summary>0/1, true/false or null (= false), as COCO files write flags.</summary>
    public static bool TryFlag(ref Utf8JsonReader r, out bool value)
    {
        value = false;
        switch (r.TokenType)
        {
            case JsonTokenType.True: value = true; return true;
            case JsonTokenType.False or JsonTokenType.Null: return true;
            case JsonTokenType.Number: value = r.GetDouble() != 0; return true;
            default: return SkipFalse(ref r);
        }
    }

    /// <summary>A string (null when the value is JSON null or not a string).</summary>
    public static string? String(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.String) return r.GetString();
        r.TrySkip();
        return null;
    }

    /// <summary>An array of numbers; null (value skipped) when it is anything else.</summary>
    public static double[]? NumberArray(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.TrySkip();
            return null;
        }
        var values = new List<double>(8);
        bool ok = true;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType == JsonTokenType.Number) values.Add(r.GetDouble());
            else
            {
                ok = false;
                r.TrySkip();
            }
        }
        return ok ? values.ToArray() : null;
    }

    /// <summary>Human name of a token type for messages ("a string", "a number" ...).</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => type.ToString(),
    };

    private static bool SkipFalse(ref Utf8JsonReader r)
    {
        r.TrySkip();
        return false;
    }
}
