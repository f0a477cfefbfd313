using System.Text.Json;
using Detect.Masks;

namespace Detect.Datasets;

/// <summary>
/// COCO's <c>segmentation</c> field ↔ <see cref="Segmentation"/>: a list of polygons, or an RLE object
/// <c>{"size": [h, w], "counts": ...}</c> whose counts are a compressed string or a list of run lengths.
/// Compressed strings are decoded on reading; RLEs are written compressed, as pycocotools does.
/// </summary>
internal static class SegmentationJson
{
    /// <summary>Parses the value under the reader; returns null for JSON null, or sets <paramref name="error"/>.</summary>
    public static Segmentation? Read(ref Utf8JsonReader r, out string? error)
    {
        error = null;
        switch (r.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                return ReadPolygons(ref r, out error);
            case JsonTokenType.StartObject:
                return ReadRle(ref r, out error);
            default:
                error = $"'segmentation' must be a list of polygons or an RLE object, not {JsonValues.Describe(r.TokenType)}";
                r.TrySkip();
                return null;
        }
    }

    private static PolygonSegmentation? ReadPolygons(ref Utf8JsonReader r, out string? error)
    {
        error = null;
        var polygons = new List<double[]>(1);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            int index = polygons.Count;
            var polygon = JsonValues.NumberArray(ref r);
            if (polygon is null)
                error ??= $"'segmentation' polygon {index} is not a list of numbers";
            else if (polygon.Length % 2 != 0)
                error ??= $"'segmentation' polygon {index} has an odd number of coordinates ({polygon.Length})";
            else if (polygon.Length < 6)
                error ??= $"'segmentation' polygon {index} has {polygon.Length / 2} point(s); a polygon needs 3";
            polygons.Add(polygon ?? []);
        }
        return error is null ? new PolygonSegmentation(polygons) : null;
    }

    private static RleSegmentation? ReadRle(ref Utf8JsonReader r, out string? error)
    {
        error = null;
        int height = -1, width = -1;
        uint[]? counts = null;
        byte[]? compressed = null;
        bool sawCounts = false;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            bool isSize = r.ValueTextEquals("size"u8), isCounts = r.ValueTextEquals("counts"u8);
            r.Read();
            if (isSize)
            {
                var size = JsonValues.NumberArray(ref r);
                if (size is { Length: 2 } && size.All(v => v >= 0 && v <= int.MaxValue && v == Math.Floor(v)))
                    (height, width) = ((int)size[0], (int)size[1]);
                else error ??= "RLE 'size' must be [height, width] as two non-negative integers";
            }
            else if (isCounts)
            {
                sawCounts = true;
                if (r.TokenType == JsonTokenType.String)
                    compressed = r.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(r.GetString()!) : r.ValueSpan.ToArray();
                else if (JsonValues.NumberArray(ref r) is { } runs && runs.All(v => v >= 0 && v <= uint.MaxValue && v == Math.Floor(v)))
                    counts = runs.Select(v => (uint)v).ToArray();
                else error ??= "RLE 'counts' must be a compressed string or a list of non-negative integers";
            }
            else r.TrySkip();
        }
        if (error is not null) return null;
        if (height < 0) { error = "RLE has no 'size'"; return null; }
        if (!sawCounts) { error = "RLE has no 'counts'"; return null; }
        if (compressed is not null)
        {
            try { counts = RleCodec.FromCompressedString(compressed, height, width).Counts; }
            catch (FormatException e) { error = $"RLE 'counts' string is not valid: {e.Message}"; return null; }
        }
        ulong total = 0;
        foreach (uint c in counts!) total += c;
        if (total != (ulong)height * (ulong)width)
        {
            error = $"RLE 'counts' add up to {total} pixels, but 'size' {height}×{width} has {(ulong)height * (ulong)width}";
            return null;
        }
        return new RleSegmentation(height, width, counts);
    }

    /// <summary>Writes polygons as lists and RLEs as compressed-string objects.</summary>
    public static void Write(Utf8JsonWriter w, Segmentation segmentation)
    {
        switch (segmentation)
        {
            case PolygonSegmentation p:
                w.WriteStartArray();
                foreach (var polygon in p.Polygons)
                {
                    w.WriteStartArray();
                    foreach (double v in polygon) w.WriteNumberValue(v);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                break;
            case RleSegmentation rle:
                w.WriteStartObject();
                w.WriteStartArray("size");
                w.WriteNumberValue(rle.Height);
                w.WriteNumberValue(rle.Width);
                w.WriteEndArray();
                w.WriteString("counts", RleCodec.ToCompressedString(new Rle(rle.Height, rle.Width, rle.Counts)));
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown segmentation kind {segmentation.GetType().Name}.", nameof(segmentation));
        }
    }
}
