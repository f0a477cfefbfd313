using Detect.Analysis.Data;
using Detect.Datasets;
using Detect.Structures;
using Detect.Visualization;
using SkiaSharp;
using static TorchSharp.torch;

namespace Detect.Analysis.Results;

/// <summary>
/// Draws an image twice side by side, as MMDetection's visualizer does with <c>draw_gt</c> and
/// <c>draw_pred</c>: ground truth on the left (class names), predictions on the right (class and score),
/// in the dataset's class colours.
/// </summary>
public static class GtPredPainter
{
    /// <summary>Reads the image of <paramref name="info"/>, draws both sides and writes a JPEG to <paramref name="path"/>.</summary>
    /// <param name="info">The image and its ground truth.</param>
    /// <param name="detections">Its predictions.</param>
    /// <param name="classes">Class names by label.</param>
    /// <param name="scoreThr">Predictions below this score are not drawn (MMDetection's <c>--show-score-thr</c>).</param>
    /// <param name="path">Output JPEG.</param>
    public static void Save(DataInfo info, ImageDetections detections, IReadOnlyList<string> classes, double scoreThr, string path)
    {
        using var scope = NewDisposeScope();
        var image = ImageFiles.ReadBgr(info.ImgPath);
        using var gtSide = ImageFiles.ToBitmap(image);
        using var predSide = ImageFiles.ToBitmap(image);
        DetVisualizer.Draw(gtSide, GroundTruth(info), classes);
        DetVisualizer.Draw(predSide, Predictions(detections), classes, scoreThr);
        using var both = new SKBitmap(gtSide.Width * 2, gtSide.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(both))
        {
            using var left = SKImage.FromBitmap(gtSide);
            using var right = SKImage.FromBitmap(predSide);
            canvas.DrawImage(left, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
            canvas.DrawImage(right, gtSide.Width, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        ImageFiles.SaveJpeg(both, path);
    }

    static InstanceData GroundTruth(DataInfo info) => new(
        tensor(info.Instances.SelectMany(i => i.Bbox).ToArray(), dtype: ScalarType.Float32).view(-1, 4),
        tensor(info.Instances.Select(i => (long)i.BboxLabel).ToArray(), dtype: ScalarType.Int64));

    static InstanceData Predictions(ImageDetections d) => new(
        tensor(d.Bboxes, dtype: ScalarType.Float32).view(-1, 4),
        tensor(d.Labels.Select(l => (long)l).ToArray(), dtype: ScalarType.Int64),
        tensor(d.Scores, dtype: ScalarType.Float32));
}
