using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// Crops a random window of the image, boxes and masks (MMDetection's <c>RandomCrop</c>).
/// </summary>
/// <remarks>
/// Crop size by <c>cropType</c>, for an h×w image and <c>cropSize</c> = (a, b):
/// Absolute (min(b, h), min(a, w)); AbsoluteRange h and w each drawn from
/// [min(size, a), min(size, b)]; Relative (int(h·b + 0.5), int(w·a + 0.5)); RelativeRange —
/// as MMDetection, the first entry bounds the height ratio and the second the width ratio, each drawn
/// from [entry, 1]. The window's top-left is uniform over the margins. Boxes are shifted, clipped
/// (<c>bboxClipBorder</c>) and kept when they still overlap the window; if none does and
/// <c>allowNegativeCrop</c> is false the sample is dropped (null). With <c>recomputeBbox</c>, boxes
/// are recomputed from the cropped masks.
/// </remarks>
public sealed class RandomCrop : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="cropSize">(w, h) in pixels or as ratios, per <paramref name="cropType"/>.</param>
    /// <param name="cropType">How <paramref name="cropSize"/> is read: pixels or ratios, fixed or a range.</param>
    /// <param name="allowNegativeCrop">Keep crops that contain no box.</param>
    /// <param name="recomputeBbox">Recompute boxes from the cropped masks.</param>
    /// <param name="bboxClipBorder">Clip boxes to the crop.</param>
    public RandomCrop((double W, double H) cropSize, CropType cropType = CropType.Absolute, bool allowNegativeCrop = false,
        bool recomputeBbox = false, bool bboxClipBorder = true)
    {
        if (!Enum.IsDefined(cropType)) throw new ArgumentOutOfRangeException(nameof(cropType), cropType, "Unknown crop type.");
        if (cropType is CropType.Absolute or CropType.AbsoluteRange)
        {
            if (cropSize.W <= 0 || cropSize.H <= 0 || cropSize.W != Math.Floor(cropSize.W) || cropSize.H != Math.Floor(cropSize.H))
                throw new ArgumentException($"An {cropType} cropSize must be positive integers, got {cropSize}.", nameof(cropSize));
            if (cropType == CropType.AbsoluteRange && cropSize.W > cropSize.H)
                throw new ArgumentException($"An AbsoluteRange cropSize must be (min, max), got {cropSize}.", nameof(cropSize));
        }
        else if (cropSize.W is <= 0 or > 1 || cropSize.H is <= 0 or > 1)
            throw new ArgumentException($"A {cropType} cropSize must be ratios in (0, 1], got {cropSize}.", nameof(cropSize));
        CropSize = cropSize;
        CropType = cropType;
        AllowNegativeCrop = allowNegativeCrop;
        RecomputeBbox = recomputeBbox;
        BboxClipBorder = bboxClipBorder;
    }

    /// <summary>The crop size argument.</summary>
    public (double W, double H) CropSize { get; }

    /// <summary>How <see cref="CropSize"/> is read.</summary>
    public CropType CropType { get; }

    /// <summary>Whether crops without boxes are kept.</summary>
    public bool AllowNegativeCrop { get; }

    /// <summary>Whether boxes are recomputed from masks.</summary>
    public bool RecomputeBbox { get; }

    /// <summary>Whether boxes are clipped to the crop.</summary>
    public bool BboxClipBorder { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("cropSize", CropSize), ("cropType", CropType), ("allowNegativeCrop", AllowNegativeCrop),
         ("recomputeBbox", RecomputeBbox), ("bboxClipBorder", BboxClipBorder)];

    /// <inheritdoc />
    public override PipelineSample? Apply(PipelineSample input, TransformContext context)
    {
        var rng = context.Rng;
        var (h, w) = input.ImgShape;
        var (cropH, cropW) = CropSizeFor(h, w, rng);
        int offsetH = rng.Next(0, Math.Max(h - cropH, 0) + 1);
        int offsetW = rng.Next(0, Math.Max(w - cropW, 0) + 1);
        int y2 = Math.Min(offsetH + cropH, h), x2 = Math.Min(offsetW + cropW, w);
        int newH = y2 - offsetH, newW = x2 - offsetW;

        var image = ImageBuffer.Uninitialized(newH, newW, input.Img.Channels);
        ImageGeometry.Crop(input.Img.Pixels, w, input.Img.Channels, offsetH, offsetW, newH, newW, image.Data);
        var output = input with { Img = image };
        if (input.Gt is not { } gt) return output;

        var boxes = BoxOps.Translate(gt.Bboxes, -offsetW, -offsetH);
        if (BboxClipBorder) boxes = BoxOps.Clip(boxes, newH, newW);
        var valid = BoxOps.IsInside(boxes, newH, newW);
        if (!valid.Contains(true) && !AllowNegativeCrop) return null;

        var kept = (gt with { Bboxes = boxes }).Where(valid);
        if (kept.Masks is { } masks)
        {
            var cropped = masks.Map(newH, newW, (s, d) => ImageGeometry.Crop(s, masks.Width, 1, offsetH, offsetW, newH, newW, d));
            kept = kept with { Masks = cropped };
            if (RecomputeBbox) kept = kept with { Bboxes = MaskBoxes.FromMasks(cropped) };
        }
        return output with { Gt = kept };
    }

    (int H, int W) CropSizeFor(int h, int w, Random rng)
    {
        switch (CropType)
        {
            case CropType.Absolute:
                return (Math.Min((int)CropSize.H, h), Math.Min((int)CropSize.W, w));
            case CropType.AbsoluteRange:
                int lo = (int)CropSize.W, hi = (int)CropSize.H;
                int cropH = rng.Next(Math.Min(h, lo), Math.Min(h, hi) + 1);
                int cropW = rng.Next(Math.Min(w, lo), Math.Min(w, hi) + 1);
                return (cropH, cropW);
            case CropType.Relative:
                return ((int)(h * CropSize.H + 0.5), (int)(w * CropSize.W + 0.5));
            default: // CropType.RelativeRange (the constructor admits nothing else)
                // MMDetection reads (crop_size[0], crop_size[1]) as (h, w) ratios here; the sizes are
                // float32, the random draw and the sum float64.
                float minH = (float)CropSize.W, minW = (float)CropSize.H;
                double ratioH = minH + rng.NextDouble() * (1f - minH);
                double ratioW = minW + rng.NextDouble() * (1f - minW);
                return ((int)(h * ratioH + 0.5), (int)(w * ratioW + 0.5));
        }
    }
}
