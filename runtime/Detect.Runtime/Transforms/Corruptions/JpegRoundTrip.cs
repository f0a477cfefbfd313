using Detect.Transforms.Imaging;
using SkiaSharp;

namespace Detect.Transforms.Corruptions;

/// <summary>
/// Pillow's <c>Image.save(f, 'JPEG', quality=q)</c> and reading it back, with SkiaSharp's libjpeg-turbo: baseline,
/// 4:2:0 chroma subsampling (Pillow's default), the buffer's channels taken as R, G, B as Pillow takes a numpy array.
/// </summary>
internal static class JpegRoundTrip
{
    /// <summary>Encodes <paramref name="image"/> (3 channels) at <paramref name="quality"/> and decodes it.</summary>
    public static ImageBuffer Apply(ImageBuffer image, int quality)
    {
        int h = image.Height, w = image.Width;
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = bitmap.GetPixelSpan();
        var src = image.Pixels;
        for (int i = 0; i < h * w; i++)
        {
            rgba[4 * i] = src[3 * i];
            rgba[4 * i + 1] = src[3 * i + 1];
            rgba[4 * i + 2] = src[3 * i + 2];
            rgba[4 * i + 3] = 255;
        }
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the JPEG.");
        var decoded = ImageDecoder.Decode(data.AsSpan());   // B, G, R of what was encoded as R, G, B
        var bytes = new byte[h * w * 3];
        var bgr = decoded.Pixels;
        for (int i = 0; i < h * w; i++)
        {
            bytes[3 * i] = bgr[3 * i + 2];
            bytes[3 * i + 1] = bgr[3 * i + 1];
            bytes[3 * i + 2] = bgr[3 * i];
        }
        return new ImageBuffer(h, w, 3, bytes);
    }
}
