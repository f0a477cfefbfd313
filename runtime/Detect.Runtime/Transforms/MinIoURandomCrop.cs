namespace Detect.Transforms;

/// <summary>
/// SSD's random crop (MMDetection's <c>MinIoURandomCrop</c>): a minimum IoU is drawn from (1, <see cref="MinIous"/>…, 0),
/// 1 meaning "keep the image"; otherwise up to 50 patches are tried, and the first whose IoU with every box reaches the
/// minimum and that contains the centre of at least one box is cut out. Boxes whose centre is outside the patch are dropped
/// (with their labels, ignore flags and masks), the rest shifted and, with <see cref="BboxClipBorder"/>, clipped to it.
/// After 50 failed trials a new minimum IoU is drawn.
/// </summary>
/// <remarks>
/// <para>The draws, in MMDetection's order: the mode (an index into the seven modes, <c>Random.Next(7)</c>); then per trial
/// new_w = uniform(min_crop_size·w, w), new_h = uniform(min_crop_size·h, h) (a trial whose h/w falls outside [0.5, 2]
/// stops here), left and top. MMDetection writes <c>random.uniform(w - new_w)</c>, which numpy reads as
/// uniform(low = w − new_w, high = 1): left is drawn between w − new_w and 1, not between 0 and w − new_w, so crops hug the
/// right and bottom edges. Detect keeps that behaviour so that recorded draws replay MMDetection's crops exactly.</para>
/// <para>IoU, centres, shifts and clipping are float32 as MMDetection's box tensors (IoU with eps 1e-6 in the union);
/// the minimum IoU is compared in float64, as numpy 1.x compares a float32 scalar with a Python float.
/// Masks are cropped to the patch (an image without boxes keeps an empty mask set at the patch's size, where MMDetection
/// leaves it at the old size); Detect carries no semantic segmentation map, so MMDetection's <c>gt_seg_map</c>
/// branch has no counterpart.</para>
/// </remarks>
public sealed class MinIoURandomCrop : SampleTransform
{
    const int Trials = 50;
    readonly double[] modes;

    /// <summary>Creates the transform.</summary>
    /// <param name="minIous">The minimum IoUs to choose from (besides 1, no crop, and 0, any patch); null: 0.1, 0.3, 0.5, 0.7, 0.9.</param>
    /// <param name="minCropSize">Smallest patch side relative to the image's.</param>
    /// <param name="bboxClipBorder">Clip the kept boxes to the patch.</param>
    public MinIoURandomCrop(IReadOnlyList<double>? minIous = null, double minCropSize = 0.3, bool bboxClipBorder = true)
    {
        minIous ??= [0.1, 0.3, 0.5, 0.7, 0.9];
        if (minCropSize is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(minCropSize), minCropSize, "minCropSize is a ratio in (0, 1].");
        MinIous = [.. minIous];
        MinCropSize = minCropSize;
        BboxClipBorder = bboxClipBorder;
        modes = [1.0, .. minIous, 0.0];
    }

    /// <summary>The minimum IoUs drawn from (with 1 and 0).</summary>
    public IReadOnlyList<double> MinIous { get; }

    /// <summary>Smallest patch side relative to the image's.</summary>
    public double MinCropSize { get; }

    /// <summary>Whether kept boxes are clipped to the patch.</summary>
    public bool BboxClipBorder { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("minIous", MinIous), ("minCropSize", MinCropSize), ("bboxClipBorder", BboxClipBorder)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var gt = input.RequireGt(nameof(MinIoURandomCrop));
        var (h, w) = input.ImgShape;
        return Choose(gt.Bboxes, h, w, context.Rng) is { } choice ? Crop(input, choice.Patch, choice.Keep) : input;
    }

    /// <summary>
    /// MMDetection's loop: the patch (x1, y1, x2, y2) and the boxes whose centre it contains, or null for mode 1 (no crop).
    /// </summary>
    internal ((int X1, int Y1, int X2, int Y2) Patch, bool[] Keep)? Choose(float[] boxes, int h, int w, Random rng)
    {
        int n = boxes.Length / 4;
        while (true)
        {
            double minIou = modes[rng.Next(modes.Length)];
            if (minIou == 1) return null;
            for (int trial = 0; trial < Trials; trial++)
            {
                double newW = Uniform(rng, MinCropSize * w, w);
                double newH = Uniform(rng, MinCropSize * h, h);
                if (newH / newW < 0.5 || newH / newW > 2) continue;
                double left = Uniform(rng, w - newW, 1.0);
                double top = Uniform(rng, h - newH, 1.0);
                var patch = ((int)left, (int)top, (int)(left + newW), (int)(top + newH));
                if (patch.Item3 == patch.Item1 || patch.Item4 == patch.Item2) continue;
                if (n == 0) return (patch, []);
                if (MinOverlap(boxes, patch) < minIou) continue; // float32 IoU against the double threshold, as numpy 1.x compares them
                var keep = CentresInside(boxes, patch);
                if (!keep.Contains(true)) continue;
                return (patch, keep);
            }
        }
    }

    // numpy's legacy uniform(low, high): low + (high − low) · random_sample(), also when low > high.
    static double Uniform(Random rng, double low, double high) => low + (high - low) * rng.NextDouble();

    // bbox_overlaps(patch, boxes, mode='iou', eps=1e-6) in float32, its minimum over the boxes.
    static float MinOverlap(float[] boxes, (int X1, int Y1, int X2, int Y2) patch)
    {
        float px1 = patch.X1, py1 = patch.Y1, px2 = patch.X2, py2 = patch.Y2;
        float area1 = (px2 - px1) * (py2 - py1);
        float min = float.PositiveInfinity;
        for (int i = 0; i < boxes.Length; i += 4)
        {
            float area2 = (boxes[i + 2] - boxes[i]) * (boxes[i + 3] - boxes[i + 1]);
            float iw = Math.Max(Math.Min(px2, boxes[i + 2]) - Math.Max(px1, boxes[i]), 0f);
            float ih = Math.Max(Math.Min(py2, boxes[i + 3]) - Math.Max(py1, boxes[i + 1]), 0f);
            float overlap = iw * ih;
            float union = Math.Max(area1 + area2 - overlap, 1e-6f);
            min = Math.Min(min, overlap / union);
        }
        return min;
    }

    static bool[] CentresInside(float[] boxes, (int X1, int Y1, int X2, int Y2) patch)
    {
        var inside = new bool[boxes.Length / 4];
        for (int i = 0; i < inside.Length; i++)
        {
            float cx = (boxes[4 * i] + boxes[4 * i + 2]) / 2f, cy = (boxes[4 * i + 1] + boxes[4 * i + 3]) / 2f;
            inside[i] = cx > patch.X1 && cy > patch.Y1 && cx < patch.X2 && cy < patch.Y2;
        }
        return inside;
    }

    /// <summary>The deterministic part: the image, and the boxes flagged in <paramref name="keep"/>, cut to the patch.</summary>
    internal PipelineSample Crop(PipelineSample input, (int X1, int Y1, int X2, int Y2) patch, bool[] keep)
    {
        int ch = patch.Y2 - patch.Y1, cw = patch.X2 - patch.X1;
        var img = input.Img;
        var image = ImageBuffer.Uninitialized(ch, cw, img.Channels);
        Imaging.ImageGeometry.Crop(img.Pixels, img.Width, img.Channels, patch.Y1, patch.X1, ch, cw, image.Data);
        var output = input with { Img = image };
        var gt = input.RequireGt(nameof(MinIoURandomCrop));
        // MMDetection leaves an empty mask set at the old size here; Detect keeps masks at the image's size.
        if (gt.Count == 0) return output with { Gt = gt with { Masks = gt.Masks is null ? null : BitmapMasks.Empty(ch, cw) } };
        var kept = gt.Where(keep);
        var boxes = BoxOps.Translate(kept.Bboxes, -patch.X1, -patch.Y1);
        if (BboxClipBorder) boxes = BoxOps.Clip(boxes, ch, cw);
        kept = kept with { Bboxes = boxes };
        if (kept.Masks is { } masks)
            kept = kept with { Masks = masks.Map(ch, cw, (s, d) => Imaging.ImageGeometry.Crop(s, masks.Width, 1, patch.Y1, patch.X1, ch, cw, d)) };
        return output with { Gt = kept };
    }
}
