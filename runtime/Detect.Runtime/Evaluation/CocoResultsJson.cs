using System.Text.Encodings.Web;
using System.Text.Json;
using Detect.Datasets;

namespace Detect.Evaluation;

/// <summary>
/// Reads and writes COCO results files (a JSON list of <see cref="CocoResult"/>). Reading streams
/// the file; writing gives numbers in their shortest round-trip form and masks as compressed RLE.
/// </summary>
public static class CocoResultsJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a results file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="CocoFormatException">Not a JSON list of results, or a malformed result (named by its position).</exception>
    public static List<CocoResult> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"COCO results file not found: {path}", path);
        return Read(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), path);
    }

    /// <summary>Reads results written by <see cref="Write"/> from <paramref name="stream"/> (disposed); <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="CocoFormatException">Not a JSON list of results, or a malformed result (named by its position).</exception>
    public static List<CocoResult> Read(Stream stream, string name)
    {
        var results = new List<CocoResult>();
        using var json = new JsonStreamReader(stream);
        CocoJsonDocument.ReadTopLevelList(json, name, "result", ParseResult, draft =>
        {
            if (draft.Problem is not null) throw new CocoFormatException(name, $"result #{results.Count}", draft.Problem);
            results.Add(draft.Value!);
            return null;
        });
        return results;
    }

    /// <summary>Writes a results file.</summary>
    public static void Save(string path, IEnumerable<CocoResult> results)
    {
        using var stream = File.Create(path);
        Write(stream, results);
    }

    /// <summary>Writes results as a JSON list to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IEnumerable<CocoResult> results)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartArray();
        foreach (var r in results)
        {
            w.WriteStartObject();
            w.WriteNumber("image_id", r.ImageId);
            w.WriteNumber("category_id", r.CategoryId);
            if (r.Bbox is not null)
            {
                w.WriteStartArray("bbox");
                foreach (double v in r.Bbox) w.WriteNumberValue(v);
                w.WriteEndArray();
            }
            w.WriteNumber("score", r.Score);
            if (r.Segmentation is not null)
            {
                w.WritePropertyName("segmentation");
                SegmentationJson.Write(w, r.Segmentation);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static CocoJsonRecords.Draft<CocoResult> ParseResult(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            var type = r.TokenType;
            r.TrySkip();
            return new(null, null, $"is {JsonValues.Describe(type)}, not an object");
        }
        long? imageId = null, categoryId = null;
        double? score = null;
        double[]? bbox = null;
        Segmentation? segmentation = null;
        string? problem = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            if (CocoJsonRecords.Field(ref r, "image_id"u8)) imageId = JsonValues.TryInt64(ref r, out long v) ? v : CocoJsonRecords.Bad(ref problem, "'image_id' is not an integer");
            else if (CocoJsonRecords.Field(ref r, "category_id"u8)) categoryId = JsonValues.TryInt64(ref r, out long v) ? v : CocoJsonRecords.Bad(ref problem, "'category_id' is not an integer");
            else if (CocoJsonRecords.Field(ref r, "score"u8)) score = JsonValues.TryDouble(ref r, out double v) ? v : (double?)CocoJsonRecords.Bad(ref problem, "'score' is not a number");
            else if (CocoJsonRecords.Field(ref r, "bbox"u8))
            {
                // Results may be degenerate (a model's boxes), so only the shape is checked here.
                bbox = JsonValues.NumberArray(ref r);
                if (bbox is { Length: 0 }) bbox = null; // pycocotools treats "bbox": [] as absent
                else if (bbox is { Length: not 4 } or null && problem is null) problem = "'bbox' must be [x, y, w, h] (four numbers)";
            }
            else if (CocoJsonRecords.Field(ref r, "segmentation"u8))
            {
                segmentation = SegmentationJson.Read(ref r, out string? error);
                problem ??= error;
            }
            else CocoJsonRecords.SkipField(ref r);
        }
        if (problem is null)
        {
            if (imageId is null) problem = "no 'image_id'";
            else if (categoryId is null) problem = "no 'category_id'";
            else if (score is null) problem = "no 'score'";
            else if (bbox is null && segmentation is null) problem = "neither 'bbox' nor 'segmentation'";
        }
        var value = problem is null ? new CocoResult(imageId!.Value, categoryId!.Value, bbox, score!.Value, segmentation) : null;
        return new(value, null, problem);
    }
}
