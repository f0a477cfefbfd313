using Detect.Transforms.Imaging;

namespace Detect.Transforms;

/// <summary>
/// Pads the image (and masks) at the bottom and right (MMDetection's <c>Pad</c>, constant mode): to a
/// fixed <c>size</c>, to a multiple of <c>sizeDivisor</c>, or to a square (<c>padToSquare</c>, then
/// optionally to the divisor). Boxes do not move. As in mmcv, <c>img_shape</c> becomes the padded
/// size and <c>pad_shape</c> is recorded; a size smaller than the image never crops it.
/// </summary>
public sealed class Pad : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="size">Fixed (w, h) to pad to.</param>
    /// <param name="sizeDivisor">Pad each edge up to a multiple of this.</param>
    /// <param name="padToSquare">Pad to a square of the longer edge first.</param>
    /// <param name="padVal">Value of the padded image pixels (masks pad with 0).</param>
    public Pad((int Width, int Height)? size = null, int? sizeDivisor = null, bool padToSquare = false, int padVal = 0)
    {
        if (padToSquare && size is not null)
            throw new ArgumentException("Pad: size must be null when padToSquare is true.", nameof(size));
        if (!padToSquare && (size is null) == (sizeDivisor is null))
            throw new ArgumentException("Pad needs exactly one of size and sizeDivisor (or padToSquare).");
        if (sizeDivisor is <= 0) throw new ArgumentException($"sizeDivisor must be positive, got {sizeDivisor}.", nameof(sizeDivisor));
        if (padVal is < 0 or > 255) throw new ArgumentException($"padVal must be a byte value, got {padVal}.", nameof(padVal));
        Size = size;
        SizeDivisor = sizeDivisor;
        PadToSquare = padToSquare;
        PadVal = padVal;
    }

    /// <summary>Fixed (w, h) target.</summary>
    public (int Width, int Height)? Size { get; }

    /// <summary>Divisor of the padded edges.</summary>
    public int? SizeDivisor { get; }

    /// <summary>Whether the image is padded to a square first.</summary>
    public bool PadToSquare { get; }

    /// <summary>Image padding value.</summary>
    public int PadVal { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("size", Size), ("sizeDivisor", SizeDivisor), ("padToSquare", PadToSquare), ("padVal", PadVal)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var (h, w) = input.ImgShape;
        var (targetH, targetW) = TargetShape(h, w);
        int padH = Math.Max(targetH, h), padW = Math.Max(targetW, w);
        var image = PadImage(input.Img, padH, padW, (byte)PadVal);
        var gt = input.Gt;
        if (gt?.Masks is { } masks)
            gt = gt with { Masks = masks.Map(padH, padW, (s, d) => ImageGeometry.PadBottomRight(s, masks.Height, masks.Width, 1, d, padH, padW, [0])) };
        return input with { Img = image, Gt = gt, PadShape = (padH, padW) };
    }

    (int H, int W) TargetShape(int h, int w)
    {
        (int H, int W)? size = null;
        if (PadToSquare) size = (Math.Max(h, w), Math.Max(h, w));
        if (SizeDivisor is { } d)
        {
            var (baseH, baseW) = size ?? (h, w);
            return (CeilTo(baseH, d), CeilTo(baseW, d));
        }
        if (Size is { } fixedSize) return (fixedSize.Height, fixedSize.Width);
        return size ?? (h, w);
    }

    /// <summary><c>int(np.ceil(x / divisor)) * divisor</c>.</summary>
    public static int CeilTo(int x, int divisor) => (x + divisor - 1) / divisor * divisor;

    /// <summary>Pads <paramref name="image"/> at the bottom and right to padH×padW with <paramref name="value"/>.</summary>
    public static ImageBuffer PadImage(ImageBuffer image, int padH, int padW, byte value)
    {
        if (padH == image.Height && padW == image.Width) return image;
        var padded = ImageBuffer.Uninitialized(padH, padW, image.Channels);
        Span<byte> fill = stackalloc byte[image.Channels];
        fill.Fill(value);
        ImageGeometry.PadBottomRight(image.Pixels, image.Height, image.Width, image.Channels, padded.Data, padH, padW, fill);
        return padded;
    }
}
