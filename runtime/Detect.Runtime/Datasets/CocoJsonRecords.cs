using System.Text.Json;

namespace Detect.Datasets;

/// <summary>
/// Parsers for the elements of a COCO file's lists. Each reads one whole object and returns a draft
/// that carries the first problem found instead of throwing, because the id that names the record in
/// the error may come after the faulty field.
/// </summary>
internal static class CocoJsonRecords
{
    /// <summary>One parsed element and the first problem with it, if any.</summary>
    public readonly record struct Draft<T>(T? Value, long? Id, string? Problem) where T : class;

    public static Draft<CocoImage> ParseImage(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject) return NotAnObject<CocoImage>(ref r);
        long? id = null;
        int width = -1, height = -1;
        string? fileName = null, problem = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            if (Field(ref r, "id"u8)) id = JsonValues.TryInt64(ref r, out long v) ? v : Bad(ref problem, "'id' is not an integer");
            else if (Field(ref r, "width"u8)) { if (!JsonValues.TrySize(ref r, out width)) problem ??= "'width' is not a non-negative integer"; }
            else if (Field(ref r, "height"u8)) { if (!JsonValues.TrySize(ref r, out height)) problem ??= "'height' is not a non-negative integer"; }
            else if (Field(ref r, "file_name"u8)) fileName = JsonValues.String(ref r);
            else SkipField(ref r);
        }
        if (problem is null)
        {
            if (id is null) problem = "no 'id'";
            else if (width < 0) problem = "no 'width'";
            else if (height < 0) problem = "no 'height'";
        }
        return new(problem is null ? new CocoImage(id!.Value, fileName ?? "", width, height) : null, id, problem);
    }

    public static Draft<CocoCategory> ParseCategory(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject) return NotAnObject<CocoCategory>(ref r);
        long? id = null;
        string? name = null, supercategory = null, problem = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            if (Field(ref r, "id"u8)) id = JsonValues.TryInt64(ref r, out long v) ? v : Bad(ref problem, "'id' is not an integer");
            else if (Field(ref r, "name"u8)) name = JsonValues.String(ref r) ?? Bad<string>(ref problem, "'name' is not a string");
            else if (Field(ref r, "supercategory"u8)) supercategory = JsonValues.String(ref r);
            else SkipField(ref r);
        }
        if (problem is null)
        {
            if (id is null) problem = "no 'id'";
            else if (name is null) problem = "no 'name'";
        }
        return new(problem is null ? new CocoCategory(id!.Value, name!, supercategory) : null, id, problem);
    }

    public static Draft<CocoAnnotation> ParseAnnotation(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject) return NotAnObject<CocoAnnotation>(ref r);
        long? id = null, imageId = null, categoryId = null;
        double[]? bbox = null;
        double? area = null;
        bool isCrowd = false, ignore = false;
        Segmentation? segmentation = null;
        string? problem = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            if (Field(ref r, "id"u8)) id = JsonValues.TryInt64(ref r, out long v) ? v : Bad(ref problem, "'id' is not an integer");
            else if (Field(ref r, "image_id"u8)) imageId = JsonValues.TryInt64(ref r, out long v) ? v : Bad(ref problem, "'image_id' is not an integer");
            else if (Field(ref r, "category_id"u8)) categoryId = JsonValues.TryInt64(ref r, out long v) ? v : Bad(ref problem, "'category_id' is not an integer");
            else if (Field(ref r, "bbox"u8)) bbox = ReadBbox(ref r, ref problem);
            else if (Field(ref r, "area"u8)) area = JsonValues.TryDouble(ref r, out double v) ? v : (double?)Bad(ref problem, "'area' is not a number");
            else if (Field(ref r, "iscrowd"u8)) { if (!JsonValues.TryFlag(ref r, out isCrowd)) problem ??= "'iscrowd' is not 0/1"; }
            else if (Field(ref r, "ignore"u8)) { if (!JsonValues.TryFlag(ref r, out ignore)) problem ??= "'ignore' is not 0/1"; }
            else if (Field(ref r, "segmentation"u8))
            {
                segmentation = SegmentationJson.Read(ref r, out string? error);
                problem ??= error;
            }
            else SkipField(ref r);
        }
        if (problem is null)
        {
            if (id is null) problem = "no 'id'";
            else if (imageId is null) problem = "no 'image_id'";
            else if (categoryId is null) problem = "no 'category_id'";
            else if (bbox is null) problem = "no 'bbox'";
            else if (area is null) problem = "no 'area'";
        }
        var value = problem is null
            ? new CocoAnnotation(id!.Value, imageId!.Value, categoryId!.Value, bbox!, area!.Value, isCrowd, segmentation, ignore)
            : null;
        return new(value, id, problem);
    }

    /// <summary>[x, y, w, h]: four numbers, width and height not negative.</summary>
    public static double[]? ReadBbox(ref Utf8JsonReader r, ref string? problem)
    {
        var bbox = JsonValues.NumberArray(ref r);
        if (bbox is not { Length: 4 })
            return Bad<double[]>(ref problem, "'bbox' must be [x, y, w, h] (four numbers)");
        if (bbox[2] < 0 || bbox[3] < 0)
            return Bad<double[]>(ref problem, $"'bbox' [{string.Join(", ", bbox)}] has a negative size");
        if (bbox.Any(v => !double.IsFinite(v)))
            return Bad<double[]>(ref problem, "'bbox' has a non-finite value");
        return bbox;
    }

    /// <summary>True when the reader is on property <paramref name="name"/>; then moves to its value.</summary>
    public static bool Field(ref Utf8JsonReader r, ReadOnlySpan<byte> name)
    {
        if (!r.ValueTextEquals(name)) return false;
        r.Read();
        return true;
    }

    /// <summary>Skips an unknown property's value (keypoints, attributes, ...).</summary>
    public static void SkipField(ref Utf8JsonReader r)
    {
        r.Read();
        r.TrySkip();
    }

    /// <summary>Records <paramref name="message"/> as the problem if none was found yet; returns null.</summary>
    public static long? Bad(ref string? problem, string message)
    {
        problem ??= message;
        return null;
    }

    /// <summary>As <see cref="Bad(ref string?, string)"/>, for reference-typed fields.</summary>
    public static T? Bad<T>(ref string? problem, string message) where T : class
    {
        problem ??= message;
        return null;
    }

    private static Draft<T> NotAnObject<T>(ref Utf8JsonReader r) where T : class
    {
        var type = r.TokenType;
        r.TrySkip();
        return new(null, null, $"is {JsonValues.Describe(type)}, not an object");
    }
}
