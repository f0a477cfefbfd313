using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// Resizes the image, boxes and masks (MMDetection's <c>Resize</c> with mmcv's cv2 backend).
/// </summary>
/// <remarks>
/// With <c>keepRatio</c> the image is scaled by <c>min(max(scale) / max(h, w), min(scale) / min(h, w))</c>
/// — as large as fits in <c>scale</c> either way round — to <c>(int(w·f + 0.5), int(h·f + 0.5))</c>
/// (mmcv's <c>rescale_size</c>); without it, to <c>scale</c> exactly. <c>scaleFactor</c> (used when no
/// <c>scale</c> is given) first turns into a target size the same way. The recorded scale factor is
/// <c>(new_w / w, new_h / h)</c>; boxes are multiplied by it in float32 and, with
/// <c>clipObjectBorder</c>, clipped to the new image. Masks are resized with nearest neighbour to the
/// new image size.
/// </remarks>
public sealed class Resize : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="scale">Target (w, h); with <paramref name="keepRatio"/> the bounds of the long and short edge.</param>
    /// <param name="scaleFactor">(w, h) factors, used when <paramref name="scale"/> is null.</param>
    /// <param name="keepRatio">Keep the aspect ratio.</param>
    /// <param name="clipObjectBorder">Clip boxes to the resized image.</param>
    /// <param name="backend">Only 'cv2' (whose arithmetic this reproduces).</param>
    /// <param name="interpolation">Image interpolation (cv2's, bit for bit); masks always use nearest.</param>
    public Resize((int Width, int Height)? scale = null, (double W, double H)? scaleFactor = null, bool keepRatio = false,
        bool clipObjectBorder = true, string backend = "cv2", Interpolation interpolation = Interpolation.Bilinear)
    {
        if (scale is null && scaleFactor is null) throw new ArgumentException("Resize needs scale or scaleFactor; both are null.");
        if (scale is { } s && (s.Width <= 0 || s.Height <= 0)) throw new ArgumentException($"scale must be positive, got {s}.", nameof(scale));
        if (scaleFactor is { } f && (f.W <= 0 || f.H <= 0)) throw new ArgumentException($"scaleFactor must be positive, got {f}.", nameof(scaleFactor));
        if (backend != "cv2") throw new ArgumentException($"Only the 'cv2' resize backend is available, got '{backend}'.", nameof(backend));
        if (!Enum.IsDefined(interpolation)) throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "Unknown interpolation.");
        Scale = scale;
        ScaleFactor = scaleFactor;
        KeepRatio = keepRatio;
        ClipObjectBorder = clipObjectBorder;
        Interpolation = interpolation;
    }

    /// <summary>Target (w, h), or null when resizing by <see cref="ScaleFactor"/>.</summary>
    public (int Width, int Height)? Scale { get; }

    /// <summary>(w, h) factors when no <see cref="Scale"/> is given.</summary>
    public (double W, double H)? ScaleFactor { get; }

    /// <summary>Whether the aspect ratio is kept.</summary>
    public bool KeepRatio { get; }

    /// <summary>Whether boxes are clipped to the image.</summary>
    public bool ClipObjectBorder { get; }

    /// <summary>How the image is interpolated.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("scale", Scale), ("scaleFactor", ScaleFactor), ("keepRatio", KeepRatio),
         ("clipObjectBorder", ClipObjectBorder), ("interpolation", Interpolation)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var (h, w) = input.ImgShape;
        var scale = Scale ?? ScaleSize(w, h, ScaleFactor!.Value.W, ScaleFactor.Value.H);
        return ResizeTo(input, scale);
    }

    /// <summary>Resizes to <paramref name="scale"/> (w, h) with this transform's settings (used by the random resizes).</summary>
    public PipelineSample ResizeTo(PipelineSample input, (int Width, int Height) scale)
    {
        var (h, w) = input.ImgShape;
        var (newW, newH) = KeepRatio ? RescaleSize(w, h, scale) : scale;
        var image = ResizeImage(input.Img, newH, newW, Interpolation);
        double sx = (double)newW / w, sy = (double)newH / h;
        var gt = input.Gt;
        if (gt is not null)
        {
            var boxes = BoxOps.Rescale(gt.Bboxes, sx, sy);
            if (ClipObjectBorder) boxes = BoxOps.Clip(boxes, newH, newW);
            gt = gt with { Bboxes = boxes, Masks = gt.Masks is { } masks ? ResizeMasks(masks, newH, newW) : null };
        }
        return input with { Img = image, Gt = gt, ScaleFactor = (sx, sy), KeepRatio = KeepRatio };
    }

    /// <summary>mmcv's <c>rescale_size</c> for a (w, h) bound: the largest size that fits either way round.</summary>
    public static (int Width, int Height) RescaleSize(int w, int h, (int Width, int Height) scale)
    {
        double longEdge = Math.Max(scale.Width, scale.Height), shortEdge = Math.Min(scale.Width, scale.Height);
        double factor = Math.Min(longEdge / Math.Max(h, w), shortEdge / Math.Min(h, w));
        return ScaleSize(w, h, factor, factor);
    }

    /// <summary>mmcv's <c>_scale_size</c>: <c>(int(w·fx + 0.5), int(h·fy + 0.5))</c>.</summary>
    public static (int Width, int Height) ScaleSize(int w, int h, double fx, double fy) =>
        ((int)(w * fx + 0.5), (int)(h * fy + 0.5));

    /// <summary>cv2.resize of an image to newH×newW (mmcv.imresize).</summary>
    public static ImageBuffer ResizeImage(ImageBuffer image, int newH, int newW, Interpolation interpolation = Interpolation.Bilinear)
    {
        if (newH <= 0 || newW <= 0)
            throw new ArgumentException($"Cannot resize a {image.Height}×{image.Width} image to {newH}×{newW}.");
        if (newH == image.Height && newW == image.Width) return image;
        var resized = ImageBuffer.Uninitialized(newH, newW, image.Channels);
        CvResize.Resize(image.Pixels, image.Height, image.Width, image.Channels, resized.Data, newH, newW, interpolation);
        return resized;
    }

    /// <summary>Nearest-neighbour resize of every mask (BitmapMasks.rescale / resize).</summary>
    public static BitmapMasks ResizeMasks(BitmapMasks masks, int newH, int newW) =>
        masks.Map(newH, newW, (src, dst) => CvResize.Resize(src, masks.Height, masks.Width, 1, dst, newH, newW, Interpolation.Nearest));
}
