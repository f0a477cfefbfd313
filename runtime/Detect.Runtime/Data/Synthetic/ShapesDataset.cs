using System.Text.Json;
using Detect.Datasets;
using SkiaSharp;

namespace Detect.Data;

/// <summary>
/// A synthetic COCO-format detection dataset: circles, squares and triangles of several sizes,
/// colours and turns, partly overlapping, on textured backgrounds, written as real JPEG files and an
/// annotation file with boxes and polygon masks (the Quickstart's data, and small fixtures for tests).
/// Generation is deterministic: the same options give the same files on the same machine.
/// </summary>
/// <example>
/// <code>
/// var split = ShapesDataset.Generate("data/shapes", "train", count: 1000, new ShapesDatasetOptions(Seed: 1));
/// var dataset = new CocoDataset(split.AnnFile, "data/shapes", "train/", classes: ShapesDataset.Classes);
/// </code>
/// </example>
public static class ShapesDataset
{
    /// <summary>The classes, in label order.</summary>
    public static IReadOnlyList<string> Classes { get; } = ["circle", "square", "triangle"];

    /// <summary>
    /// Writes <paramref name="count"/> images to <c>&lt;root&gt;/&lt;split&gt;/</c> and their annotations to
    /// <c>&lt;root&gt;/annotations/instances_&lt;split&gt;.json</c>, unless a previous call with the same
    /// arguments already did (a stamp file records them); returns where everything is.
    /// </summary>
    public static ShapesSplit Generate(string root, string split, int count, ShapesDatasetOptions options)
    {
        options.Validate();
        if (count <= 0) throw new ArgumentException($"count must be positive, got {count}.", nameof(count));
        var result = new ShapesSplit(Path.GetFullPath(root), split, Path.Combine(Path.GetFullPath(root), "annotations", $"instances_{split}.json"),
            Path.Combine(Path.GetFullPath(root), split), count, Generated: true);
        string stamp = Path.Combine(result.Root, $".shapes_{split}.json");
        string expected = JsonSerializer.Serialize(new { count, options });
        if (File.Exists(stamp) && File.ReadAllText(stamp) == expected && File.Exists(result.AnnFile)) return result with { Generated = false };

        Directory.CreateDirectory(result.ImageDir);
        // string.GetHashCode differs between processes; the split's stream must not.
        var rng = new Random(SampleSeeds.Derive(options.Seed, StableHash(split), 0));
        var images = new List<CocoImage>();
        var annotations = new List<CocoAnnotation>();
        for (int i = 0; i < count; i++)
        {
            string fileName = $"{i:D6}.jpg";
            var shapes = DrawImage(Path.Combine(result.ImageDir, fileName), options, rng);
            images.Add(new CocoImage(i + 1, fileName, options.ImageWidth, options.ImageHeight));
            foreach (var s in shapes)
            {
                var (x1, y1, x2, y2) = s.Box;
                annotations.Add(new CocoAnnotation(annotations.Count + 1, i + 1, s.Label + 1,
                    [Math.Round(x1, 2), Math.Round(y1, 2), Math.Round(x2 - x1, 2), Math.Round(y2 - y1, 2)], Math.Round(s.Area, 2),
                    IsCrowd: false, new PolygonSegmentation([s.Polygon])));
            }
        }
        CocoJsonWriter.Save(result.AnnFile, images, Classes.Select((c, k) => new CocoCategory(k + 1, c, "shape")), annotations);
        File.WriteAllText(stamp, expected);
        return result;
    }

    static int StableHash(string text)
    {
        int h = 17;
        foreach (char c in text) h = unchecked(h * 31 + c);
        return h & 0x7fffffff;
    }

    static List<ShapeDrawing> DrawImage(string path, ShapesDatasetOptions o, Random rng)
    {
        using var bitmap = new SKBitmap(o.ImageWidth, o.ImageHeight, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            Background.Draw(canvas, bitmap, o.ImageWidth, o.ImageHeight, rng);
            var shapes = Place(o, rng);
            foreach (var s in shapes) s.Draw(canvas);
            canvas.Flush();
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, o.JpegQuality);
            using var file = File.Create(path);
            data.SaveTo(file);
            return shapes;
        }
    }

    static List<ShapeDrawing> Place(ShapesDatasetOptions o, Random rng)
    {
        int wanted = rng.Next(o.MinShapes, o.MaxShapes + 1);
        var shapes = new List<ShapeDrawing>();
        for (int attempt = 0; shapes.Count < wanted && attempt < 50 * wanted; attempt++)
        {
            int label = rng.Next(Classes.Count);
            // Sizes spread evenly on a log scale: as many small shapes as large ones.
            double size = o.MinSize * Math.Pow((double)o.MaxSize / o.MinSize, rng.NextDouble());
            double r = size / 2;
            double cx = r + rng.NextDouble() * (o.ImageWidth - 2 * r), cy = r + rng.NextDouble() * (o.ImageHeight - 2 * r);
            double angle = label switch { 0 => 0, 1 => (rng.NextDouble() - 0.5) * Math.PI / 6, _ => (rng.NextDouble() - 0.5) * Math.PI / 3 };
            var shape = new ShapeDrawing(label, ShapeDrawing.Outline(label, cx, cy, size, angle), VividColor(rng));
            if (shapes.Any(s => Iou(s.Box, shape.Box) > o.MaxOverlap)) continue;
            shapes.Add(shape);
        }
        return shapes;
    }

    static SKColor VividColor(Random rng)
    {
        float hue = (float)(rng.NextDouble() * 360), saturation = 60 + (float)rng.NextDouble() * 40, value = 55 + (float)rng.NextDouble() * 45;
        return SKColor.FromHsv(hue, saturation, value);
    }

    static double Iou((double X1, double Y1, double X2, double Y2) a, (double X1, double Y1, double X2, double Y2) b)
    {
        double w = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1), h = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        return inter / ((a.X2 - a.X1) * (a.Y2 - a.Y1) + (b.X2 - b.X1) * (b.Y2 - b.Y1) - inter);
    }
}

/// <summary>Where <see cref="ShapesDataset.Generate"/> put one split.</summary>
/// <param name="Root">The dataset root.</param>
/// <param name="Split">Split name (train, val ...).</param>
/// <param name="AnnFile">The COCO annotation file.</param>
/// <param name="ImageDir">The image folder.</param>
/// <param name="Count">Number of images.</param>
/// <param name="Generated">False when an earlier identical generation was reused.</param>
public sealed record ShapesSplit(string Root, string Split, string AnnFile, string ImageDir, int Count, bool Generated);
