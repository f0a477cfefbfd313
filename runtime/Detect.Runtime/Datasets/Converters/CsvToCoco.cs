using System.Globalization;
using CsvHelper;
using SkiaSharp;

namespace Detect.Datasets.Converters;

/// <summary>
/// A CSV of boxes → COCO. One box per row, <c>image,x1,y1,x2,y2,class</c> (pixels, xyxy), optionally
/// followed by <c>width,height</c>; a row with only the image (<c>image,,,,,</c>) lists an image without
/// objects. A header row is recognised by a non-numeric x1. Image sizes come from the width/height
/// columns or else from the image files' headers.
/// </summary>
public static class CsvToCoco
{
    /// <param name="csvPath">The CSV file.</param>
    /// <param name="imageRoot">Folder the image paths are relative to; the CSV's folder when null.</param>
    /// <param name="classes">Class order; null for order of first appearance.</param>
    /// <exception cref="FormatException">A row with a wrong number of fields, a non-numeric coordinate, an inverted box or an unknown class (the message names the line).</exception>
    public static CocoBuilder Convert(string csvPath, string? imageRoot = null, IReadOnlyList<string>? classes = null)
    {
        imageRoot ??= Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var builder = new CocoBuilder(classes);
        var imageIds = new Dictionary<string, long>();
        using var csv = CsvReader.FromFile(csvPath, new CsvReaderOptions { HasHeader = false, TrackLineNumbers = true });
        bool first = true;
        while (csv.Read())
        {
            string where = $"{csvPath}: line {csv.LineNumber}";
            var fields = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim()).ToArray();
            if (fields.Length is not (6 or 8))
                throw new FormatException($"{where}: expected 6 fields (image,x1,y1,x2,y2,class) or 8 (... ,width,height), got {fields.Length}.");
            bool header = first && fields[1].Length > 0 && !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            first = false;
            if (header) continue;
            string image = fields[0];
            if (!imageIds.TryGetValue(image, out long imageId))
            {
                var (w, h) = fields.Length == 8 && fields[6].Length > 0
                    ? ((int)Parse(fields[6], "width", where), (int)Parse(fields[7], "height", where))
                    : ImageSize(Path.Combine(imageRoot, image), where);
                imageIds[image] = imageId = builder.AddImage(image, w, h);
            }
            if (fields[1..6].All(f => f.Length == 0)) continue; // an image without objects
            builder.AddBox(imageId, fields[5], Parse(fields[1], "x1", where), Parse(fields[2], "y1", where),
                Parse(fields[3], "x2", where), Parse(fields[4], "y2", where), isCrowd: false, where);
        }
        return builder;
    }

    private static double Parse(string text, string field, string where) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"{where}: {field} '{text}' is not a number.");

    /// <summary>Width and height from the image file's header (the pixels are not decoded).</summary>
    private static (int Width, int Height) ImageSize(string path, string where)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{where}: image {path} not found (or give width,height columns).", path);
        using var codec = SKCodec.Create(path) ?? throw new FormatException($"{where}: {path} is not an image SkiaSharp can read.");
        return (codec.Info.Width, codec.Info.Height);
    }
}
