using System.Text.Json;

namespace Detect.Datasets;

/// <summary>
/// The outer structure of COCO JSON files over a <see cref="JsonStreamReader"/>: an object of named
/// lists (annotation files) or one top-level list (result files). JSON syntax errors, truncation
/// included, become <see cref="CocoFormatException"/>s that say where the file broke off.
/// </summary>
internal static class CocoJsonDocument
{
    /// <summary>Reads <c>{ "name": value, ... }</c>; <paramref name="section"/> consumes the values it knows and returns false for others, which are skipped.</summary>
    public static void ReadTopLevelObject(JsonStreamReader json, string path, Func<string, JsonStreamReader, bool> section)
    {
        Guard(json, path, "the file", () =>
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
                throw new CocoFormatException(path, "the file", "is not a JSON object (a COCO annotation file is {\"images\": [...], \"annotations\": [...], \"categories\": [...]})");
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                string name = json.Text!;
                if (!section(name, json)) json.SkipValue();
            }
            if (json.TokenType != JsonTokenType.EndObject)
                throw new CocoFormatException(path, "the file", "ends before its top-level object is closed (truncated?)");
            return 0;
        });
    }

    /// <summary>Reads a list of records of one kind, passing each parsed element to <paramref name="onElement"/> (which returns its id, for messages).</summary>
    public static void ReadList<T>(
        JsonStreamReader json, string path, string kind,
        JsonStreamReader.ValueParser<CocoJsonRecords.Draft<T>> parse, Func<CocoJsonRecords.Draft<T>, long?> onElement) where T : class
    {
        int index = 0;
        long? lastId = null;
        string Where() => index == 0 ? $"the first {kind}" : $"{kind} #{index}" + (lastId is null ? "" : $" (after {kind} id {lastId})");
        Guard(json, path, Where, () =>
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartArray)
                throw new CocoFormatException(path, $"the '{kind}' section", $"is {JsonValues.Describe(json.TokenType)}, not a list");
            while (json.TryReadElement(parse, out var draft))
            {
                lastId = onElement(draft) ?? lastId;
                index++;
            }
            return 0;
        });
    }

    /// <summary>Reads a file that is one list of records (COCO results).</summary>
    public static void ReadTopLevelList<T>(
        JsonStreamReader json, string path, string kind,
        JsonStreamReader.ValueParser<CocoJsonRecords.Draft<T>> parse, Func<CocoJsonRecords.Draft<T>, long?> onElement) where T : class
    {
        ReadList(json, path, kind, parse, onElement);
        Guard(json, path, "the file", () =>
        {
            if (json.Read())
                throw new CocoFormatException(path, "the file", $"has {JsonValues.Describe(json.TokenType)} after its top-level list");
            return 0;
        });
    }

    private static void Guard(JsonStreamReader json, string path, string record, Func<int> body) => Guard(json, path, () => record, body);

    private static void Guard(JsonStreamReader json, string path, Func<string> record, Func<int> body)
    {
        try
        {
            body();
        }
        catch (JsonException e)
        {
            string problem = json.AtEndOfData && e.Message.Contains("end", StringComparison.OrdinalIgnoreCase)
                ? $"the file ends in the middle of the JSON near byte {json.Position} (truncated?): {e.Message}"
                : $"invalid JSON near byte {json.Position}: {e.Message}";
            throw new CocoFormatException(path, record(), problem, e);
        }
    }
}
