using SkiaSharp;

namespace Detect.Transforms.Imaging;

/// <summary>
/// Decodes JPEG, PNG, BMP, WebP (and GIF's first frame) with SkiaSharp into the pipeline's layout:
/// HWC uint8, BGR (or one gray channel), upright from EXIF orientation — what mmcv's
/// <c>imfrombytes(flag='color'|'grayscale')</c> returns with the cv2 backend.
/// </summary>
/// <remarks>
/// Pixels are decoded unpremultiplied, so an alpha channel is dropped without darkening the colours
/// (cv2 drops it too). Grayscale files come out with three equal channels for 'color'. JPEG pixels
/// match OpenCV's libjpeg-turbo decode up to the decoders' rounding (see the golden tests for the
/// measured difference).
/// </remarks>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/>; <paramref name="grayscale"/> gives one channel.</summary>
    /// <exception cref="FormatException">The bytes are not a decodable image (the message says why).</exception>
    public static ImageBuffer Decode(ReadOnlySpan<byte> encoded, bool grayscale = false)
    {
        if (encoded.Length == 0) throw new FormatException("the file is empty");
        using var data = SKData.CreateCopy(encoded);
        // The codec takes ownership of the stream (and disposes it with itself).
        using var codec = SKCodec.Create(new SKMemoryStream(data), out var created)
            ?? throw new FormatException($"not a recognised image format (SkiaSharp: {created})");
        int h = codec.Info.Height, w = codec.Info.Width;
        if (h <= 0 || w <= 0) throw new FormatException($"invalid image size {w}×{h}");

        var info = new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var bgra = GC.AllocateUninitializedArray<byte>(info.BytesSize);
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = bgra) result = codec.GetPixels(info, (IntPtr)pixels);
        }
        // A truncated file decodes as IncompleteInput with the missing rows filled in; cv2 accepts it
        // with a warning, but training on half-gray images is silent data corruption, so it is an error.
        if (result == SKCodecResult.IncompleteInput)
            throw new FormatException($"the {codec.EncodedFormat} data is truncated or corrupt (SkiaSharp: {result})");
        if (result != SKCodecResult.Success)
            throw new FormatException($"the {codec.EncodedFormat} data could not be decoded (SkiaSharp: {result})");

        var image = ImageBuffer.Uninitialized(h, w, grayscale ? 1 : 3);
        if (grayscale) PixelConversion.BgraToGray(bgra, image.Data);
        else PixelConversion.BgraToBgr(bgra, image.Data);
        return ExifOrientation.Apply(image, (int)codec.EncodedOrigin);
    }
}
