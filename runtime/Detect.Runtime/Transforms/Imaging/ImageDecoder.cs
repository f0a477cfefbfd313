using System.Buffers;
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
/// match OpenCV's libjpeg-turbo decode (see the golden tests for the measured difference). A
/// truncated file is an error, where cv2 would return it with grey rows. The encoded bytes are
/// decoded in place and the 4-byte intermediate comes from a shared pool: the only allocation that
/// outlives the call is the image itself.
/// </remarks>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/>; <paramref name="grayscale"/> gives one channel.</summary>
    /// <exception cref="FormatException">The bytes are not a decodable image (the message says why).</exception>
    public static unsafe ImageBuffer Decode(ReadOnlySpan<byte> encoded, bool grayscale = false)
    {
        if (encoded.Length == 0) throw new FormatException("the file is empty");
        fixed (byte* bytes = encoded)
        {
            // SKData over the caller's bytes (no copy): valid while they are pinned, i.e. in this block.
            using var data = SKData.Create((IntPtr)bytes, encoded.Length);
            // The codec takes ownership of the stream (and disposes it with itself).
            using var codec = SKCodec.Create(new SKMemoryStream(data), out var created)
                ?? throw new FormatException($"not a recognised image format (SkiaSharp: {created})");
            int h = codec.Info.Height, w = codec.Info.Width;
            if (h <= 0 || w <= 0) throw new FormatException($"invalid image size {w}×{h}");

            var info = new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Unpremul);
            var bgra = ArrayPool<byte>.Shared.Rent(info.BytesSize);
            try
            {
                SKCodecResult result;
                fixed (byte* pixels = bgra) result = codec.GetPixels(info, (IntPtr)pixels);
                // A truncated file decodes as IncompleteInput with the missing rows filled in; cv2 accepts
                // it with a warning, but training on half-grey images is silent corruption: an error here.
                if (result == SKCodecResult.IncompleteInput)
                    throw new FormatException($"the {codec.EncodedFormat} data is truncated or corrupt (SkiaSharp: {result})");
                if (result != SKCodecResult.Success)
                    throw new FormatException($"the {codec.EncodedFormat} data could not be decoded (SkiaSharp: {result})");

                var image = ImageBuffer.Uninitialized(h, w, grayscale ? 1 : 3);
                var source = bgra.AsSpan(0, info.BytesSize);
                if (grayscale) PixelConversion.BgraToGray(source, image.Data);
                else PixelConversion.BgraToBgr(source, image.Data);
                return ExifOrientation.Apply(image, (int)codec.EncodedOrigin);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bgra);
            }
        }
    }
}
