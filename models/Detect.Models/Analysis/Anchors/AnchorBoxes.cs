using Detect.Datasets;

namespace Detect.Models.Analysis.Anchors;

/// <summary>
/// The boxes MMDetection's YOLO anchor optimizers cluster (<c>BaseAnchorOptimizer</c>): the width and height of every
/// annotated box, ignored ones included, rescaled to the network input by the image's longer side, and their IoU as
/// boxes centred at the origin (<c>bbox_overlaps</c>, eps 1e-6).
/// </summary>
public static class AnchorBoxes
{
    /// <summary>
    /// (w, h) of every instance of <paramref name="dataInfos"/> at input size <paramref name="inputShape"/> (width, height):
    /// <c>w / (max(img_w, img_h) / W_in)</c>, <c>h / (max(img_w, img_h) / H_in)</c>. Detect keeps annotation coordinates
    /// in float32; MMDetection in float64.
    /// </summary>
    public static (double W, double H)[] Collect(IEnumerable<DataInfo> dataInfos, (int Width, int Height) inputShape) =>
        Rescale(dataInfos.SelectMany(info => info.Instances.Select(i =>
            ((double)info.Width, (double)info.Height, (double)i.Bbox[2] - i.Bbox[0], (double)i.Bbox[3] - i.Bbox[1]))), inputShape);

    /// <summary>Rescales (image width, image height, box width, box height) rows as <see cref="Collect"/> does.</summary>
    /// <exception cref="ArgumentException">A non-positive input size or image size.</exception>
    public static (double W, double H)[] Rescale(IEnumerable<(double ImgW, double ImgH, double W, double H)> boxes, (int Width, int Height) inputShape)
    {
        if (inputShape.Width <= 0 || inputShape.Height <= 0)
            throw new ArgumentException($"The input shape must be positive, got {inputShape.Width}×{inputShape.Height}.", nameof(inputShape));
        return [.. boxes.Select(b =>
        {
            double side = Math.Max(b.ImgW, b.ImgH);
            if (!(side > 0)) throw new ArgumentException($"An image of size {b.ImgW}×{b.ImgH} has a box; image sizes must be positive.");
            return (b.W / (side / inputShape.Width), b.H / (side / inputShape.Height));
        })];
    }

    /// <summary>
    /// IoU of two boxes of sizes <paramref name="a"/> and <paramref name="b"/> centred at the origin, computed as
    /// MMDetection's <c>bbox_overlaps</c> computes it on their xyxy corners (union clamped to at least 1e-6).
    /// </summary>
    public static double Iou((double W, double H) a, (double W, double H) b)
    {
        // Corners ±w/2: the overlap's sides are min(w), min(h) exactly, as the xyxy arithmetic gives them.
        double overlap = Math.Max(Math.Min(a.W, b.W), 0) * Math.Max(Math.Min(a.H, b.H), 0);
        double union = a.W * a.H + b.W * b.H - overlap;
        return overlap / Math.Max(union, 1e-6);
    }

    /// <summary>The mean over boxes of the best IoU with any anchor (numpy's summation order).</summary>
    public static double AverageBestIou(IReadOnlyList<(double W, double H)> boxes, IReadOnlyList<(double W, double H)> anchors)
    {
        var best = new double[boxes.Count];
        for (int i = 0; i < boxes.Count; i++)
            best[i] = anchors.Max(anchor => Iou(boxes[i], anchor));
        return Optimization.NumpyReductions.Mean(best);
    }
}
