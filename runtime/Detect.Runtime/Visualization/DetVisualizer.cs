using Detect.Platform;
using Detect.Structures;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;
using Detect.Ops;

namespace Detect.Visualization;

/// <summary>
/// Draws detections on an image as MMDetection's <c>DetLocalVisualizer</c> does: masks as translucent class-coloured
/// fills, boxes as class-coloured outlines, and a label "class: score" (score in percent) on a dark background at
/// each box's top-left corner, with a font scaled to the box.
/// </summary>
public static class DetVisualizer
{
    /// <summary>Draws the predictions scoring at least <paramref name="scoreThr"/> on the 3×H×W uint8 BGR image and writes a JPEG to <paramref name="path"/>.</summary>
    public static void DrawToFile(Tensor bgr, InstanceData instances, IReadOnlyList<string>? classes, double scoreThr, string path)
    {
        using var bitmap = ImageFiles.ToBitmap(bgr);
        Draw(bitmap, instances, classes, scoreThr);
        ImageFiles.SaveJpeg(bitmap, path);
    }

    /// <summary>Draws the predictions scoring at least <paramref name="scoreThr"/> onto <paramref name="bitmap"/>.</summary>
    /// <param name="bitmap">The image (original size; predictions rescaled to it).</param>
    /// <param name="instances">Predictions: boxes, labels, scores, optional masks.</param>
    /// <param name="classes">Class names by label; null: "class N".</param>
    /// <param name="scoreThr">MMDetection's <c>pred_score_thr</c>.</param>
    /// <param name="palette">Class colours; null: <see cref="Palette"/>'s.</param>
    public static void Draw(SKBitmap bitmap, InstanceData instances, IReadOnlyList<string>? classes = null, double scoreThr = 0.3,
        IReadOnlyList<(byte R, byte G, byte B)>? palette = null)
    {
        using var scope = NewDisposeScope();
        using var threshold = scoreThr.ToScalar();
        var keep = instances.Scores is null
            ? Ranges.Arange(instances.Count, ScalarType.Int64)
            : instances.Scores.cpu().ge(threshold).nonzero().view(-1);
        float[] boxes = TensorValues.ToArray<float>(instances.Bboxes.cpu().index_select(0, keep));
        long[] labels = TensorValues.ToArray<long>(instances.Labels.cpu().index_select(0, keep));
        float[]? scores = instances.Scores is null ? null : TensorValues.ToArray<float>(instances.Scores.cpu().index_select(0, keep));

        using var canvas = new SKCanvas(bitmap);
        if (instances.Masks is not null) DrawMasks(canvas, instances.Masks.cpu().index_select(0, keep), labels, palette);
        for (int i = 0; i < labels.Length; i++)
        {
            var rect = new SKRect(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
            var color = Palette.Color((int)labels[i], palette);
            using (var stroke = new SKPaint { Color = color.WithAlpha(204), Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = true })
                canvas.DrawRect(rect, stroke);
            string name = classes is not null && labels[i] < classes.Count ? classes[(int)labels[i]] : $"class {labels[i]}";
            string text = scores is null ? name : $"{name}: {Math.Round(scores[i] * 100, 1).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}";
            DrawLabel(canvas, text, rect, AdaptiveScale(rect.Width * rect.Height));
        }
    }

    // MMDetection's _get_adaptive_scales: 0.5 + (area − 1024) / (30000 − 1024), clipped to [0.5, 1.0].
    static float AdaptiveScale(float area) => Math.Clamp(0.5f + (area - 1024f) / (30000f - 1024f), 0.5f, 1.0f);

    static void DrawLabel(SKCanvas canvas, string text, SKRect box, float scale)
    {
        using var font = new SKFont(TextFonts.Sans, 13 * scale);
        using var textPaint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var background = new SKPaint { Color = new SKColor(0, 0, 0, 204), Style = SKPaintStyle.Fill };
        float width = font.MeasureText(text);
        var metrics = font.Metrics;
        float height = metrics.Descent - metrics.Ascent;
        canvas.DrawRect(new SKRect(box.Left, box.Top, box.Left + width + 4, box.Top + height + 2), background);
        canvas.DrawText(text, box.Left + 2, box.Top + 1 - metrics.Ascent, SKTextAlign.Left, font, textPaint);
    }

    static void DrawMasks(SKCanvas canvas, Tensor masks, long[] labels, IReadOnlyList<(byte R, byte G, byte B)>? palette)
    {
        int h = (int)masks.shape[1], w = (int)masks.shape[2];
        for (int i = 0; i < labels.Length; i++)
        {
            var color = Palette.Color((int)labels[i], palette).WithAlpha(128);
            bool[] mask = TensorValues.ToArray<bool>(masks[i]);
            using var overlay = new SKBitmap(new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Unpremul));
            var pixels = new int[w * h];
            int packed = unchecked(color.Alpha << 24 | color.Red << 16 | color.Green << 8 | color.Blue);   // BGRA in memory
            for (int p = 0; p < mask.Length; p++) if (mask[p]) pixels[p] = packed;
            System.Runtime.InteropServices.Marshal.Copy(pixels, 0, overlay.GetPixels(), pixels.Length);
            using var image = SKImage.FromBitmap(overlay);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
    }
}
