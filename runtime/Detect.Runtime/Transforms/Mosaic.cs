using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// YOLOX's mosaic (MMDetection's <c>Mosaic</c>): the sample and three images drawn from the dataset are
/// each resized to fit <c>imgScale</c> (keeping their ratio, sizes truncated as MMDetection does),
/// placed around a random centre of a 2·imgScale canvas filled with <c>padVal</c>, cropped at the
/// canvas border; boxes follow, are clipped (<c>bboxClipBorder</c>) and dropped when outside.
/// </summary>
/// <remarks>
/// Needs a <see cref="IMixSource"/> (build the dataset as MultiImageMixDataset). Applied with
/// probability <c>prob</c>; otherwise the sample passes unchanged. Boxes only, as in MMDetection.
/// </remarks>
public sealed class Mosaic : SampleTransform, IMixingTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="imgScale">(w, h) of one image's slot; the output is twice that.</param>
    /// <param name="centerRatioRange">Range of the centre as a multiple of imgScale.</param>
    /// <param name="bboxClipBorder">Clip boxes to the canvas.</param>
    /// <param name="padVal">Canvas fill value.</param>
    /// <param name="prob">Probability of applying the mosaic.</param>
    public Mosaic((int Width, int Height)? imgScale = null, (double Min, double Max)? centerRatioRange = null,
        bool bboxClipBorder = true, double padVal = 114.0, double prob = 1.0)
    {
        if (prob is < 0 or > 1) throw new ArgumentException($"prob must be in [0, 1], got {prob}.", nameof(prob));
        ImgScale = imgScale ?? (640, 640);
        CenterRatioRange = centerRatioRange ?? (0.5, 1.5);
        BboxClipBorder = bboxClipBorder;
        PadVal = padVal;
        Prob = prob;
    }

    /// <summary>One slot's (w, h).</summary>
    public (int Width, int Height) ImgScale { get; }

    /// <summary>Centre ratio range.</summary>
    public (double Min, double Max) CenterRatioRange { get; }

    /// <summary>Whether boxes are clipped.</summary>
    public bool BboxClipBorder { get; }

    /// <summary>Canvas fill.</summary>
    public double PadVal { get; }

    /// <summary>Probability of applying.</summary>
    public double Prob { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("imgScale", ImgScale), ("centerRatioRange", CenterRatioRange), ("bboxClipBorder", BboxClipBorder),
         ("padVal", PadVal), ("prob", Prob)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var source = MixingTransforms.Source(context, nameof(Mosaic));
        var rng = context.Rng;
        var indexes = new int[3];
        for (int i = 0; i < 3; i++) indexes[i] = rng.Next(source.Count);
        if (MixingTransforms.Uniform(rng, 0, 1) > Prob) return input;
        var patches = new PipelineSample[4];
        patches[0] = input;
        for (int i = 0; i < 3; i++) patches[i + 1] = MixingTransforms.Load(source, indexes[i], context, nameof(Mosaic));

        int canvasW = ImgScale.Width * 2, canvasH = ImgScale.Height * 2;
        var canvas = ImageBuffer.Filled(canvasH, canvasW, 3, (byte)PadVal);
        int centerX = (int)(MixingTransforms.Uniform(rng, CenterRatioRange.Min, CenterRatioRange.Max) * ImgScale.Width);
        int centerY = (int)(MixingTransforms.Uniform(rng, CenterRatioRange.Min, CenterRatioRange.Max) * ImgScale.Height);

        GtAnnotations? combined = null;
        for (int i = 0; i < 4; i++)
        {
            var image = MixingTransforms.ColorImage(patches[i], nameof(Mosaic));
            var gt = MixingTransforms.BoxesOnly(patches[i], nameof(Mosaic));
            double ratio = Math.Min((double)ImgScale.Height / image.Height, (double)ImgScale.Width / image.Width);
            var resized = Resize.ResizeImage(image, (int)(image.Height * ratio), (int)(image.Width * ratio));
            var (paste, crop) = Placement(i, centerX, centerY, resized.Width, resized.Height);
            ImageGeometry.Paste(resized.Pixels, resized.Width, crop.Y1, crop.X1, canvas.Data, canvasW, paste.Y1, paste.X1,
                paste.Y2 - paste.Y1, paste.X2 - paste.X1, 3);
            var boxes = BoxOps.Translate(BoxOps.Rescale(gt.Bboxes, ratio, ratio), paste.X1 - crop.X1, paste.Y1 - crop.Y1);
            var moved = gt with { Bboxes = boxes };
            combined = combined is null ? moved : combined.Concat(moved);
        }
        var all = combined!;
        if (BboxClipBorder) all = all with { Bboxes = BoxOps.Clip(all.Bboxes, canvasH, canvasW) };
        all = all.Where(BoxOps.IsInside(all.Bboxes, canvasH, canvasW));
        return input with { Img = canvas, Gt = all };
    }

    /// <summary>
    /// MMDetection's <c>_mosaic_combine</c>: where slot <paramref name="slot"/> (top-left, top-right,
    /// bottom-left, bottom-right) goes on the canvas, and which part of the resized image fills it.
    /// </summary>
    internal ((int X1, int Y1, int X2, int Y2) Paste, (int X1, int Y1, int X2, int Y2) Crop) Placement(
        int slot, int cx, int cy, int w, int h)
    {
        int maxX = ImgScale.Width * 2, maxY = ImgScale.Height * 2;
        int x1, y1, x2, y2;
        (int, int, int, int) crop;
        switch (slot)
        {
            case 0:
                (x1, y1, x2, y2) = (Math.Max(cx - w, 0), Math.Max(cy - h, 0), cx, cy);
                crop = (w - (x2 - x1), h - (y2 - y1), w, h);
                break;
            case 1:
                (x1, y1, x2, y2) = (cx, Math.Max(cy - h, 0), Math.Min(cx + w, maxX), cy);
                crop = (0, h - (y2 - y1), Math.Min(w, x2 - x1), h);
                break;
            case 2:
                (x1, y1, x2, y2) = (Math.Max(cx - w, 0), cy, cx, Math.Min(maxY, cy + h));
                crop = (w - (x2 - x1), 0, w, Math.Min(y2 - y1, h));
                break;
            default:
                (x1, y1, x2, y2) = (cx, cy, Math.Min(cx + w, maxX), Math.Min(maxY, cy + h));
                crop = (0, 0, Math.Min(w, x2 - x1), Math.Min(y2 - y1, h));
                break;
        }
        return ((x1, y1, x2, y2), crop);
    }
}
