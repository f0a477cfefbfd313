using System.Buffers;
using SkiaSharp;

namespace Detect.Transforms.Imaging;

/// <summary>
/// Decodes JPEG, PNG, BMP, WebP (and GIF's first frame) with SkiaSharp into the pipeline's layout —
/// HWC uint8 — as mmcv's <c>imfrombytes(flag=…)</c> does with the cv2 backend: 'color' gives BGR and
/// 'grayscale' one gray channel, both upright from the EXIF orientation; 'unchanged' gives the file's
/// own channels (gray, BGR or BGRA) as stored, the EXIF orientation ignored.
/// </summary>
/// <remarks>
/// Pixels are decoded unpremultiplied, so an alpha channel is dropped (or kept, 'unchanged') without
/// darkening the colours, as cv2 does. Grayscale files come out with three equal channels for 'color'.
/// JPEG pixels match OpenCV's libjpeg-turbo decode (see the golden tests for the measured difference).
/// A truncated file is an error, where cv2 would return it with grey rows. The encoded bytes are
/// decoded in place and any 4-byte intermediate comes from a shared pool: the only allocation that
/// outlives the call is the image itself.
/// </remarks>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="encoded"/> as <paramref name="colorType"/> says.</summary>
    /// <exception cref="FormatException">The bytes are not a decodable image (the message says why).</exception>
    public static unsafe ImageBuffer Decode(ReadOnlySpan<byte> encoded, ColorType colorType = ColorType.Color)
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
            return colorType switch
            {
                ColorType.Unchanged => DecodeUnchanged(codec, encoded),
                ColorType.Grayscale => ExifOrientation.Apply(ThroughBgra(codec, channels: 1), (int)codec.EncodedOrigin),
                ColorType.Color => ExifOrientation.Apply(ThroughBgra(codec, channels: 3), (int)codec.EncodedOrigin),
                _ => throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Unknown colour type."),
            };
        }
    }

    /// <summary>
    /// cv2's IMREAD_UNCHANGED: one channel for a gray file, BGRA for a file with alpha, else BGR; no
    /// EXIF rotation. Gray and BGRA decode straight into the image.
    /// </summary>
    static unsafe ImageBuffer DecodeUnchanged(SKCodec codec, ReadOnlySpan<byte> encoded)
    {
        if (PngHeader.BitDepth(encoded) is 16)
            throw new FormatException("a 16-bit PNG: colorType 'unchanged' would keep 16 bits per channel (as cv2 does), " +
                                      "which Detect's 8-bit images cannot hold; load it with 'color' or 'grayscale'");
        bool gray = codec.Info.ColorType == SKColorType.Gray8;
        if (!gray && codec.Info.AlphaType == SKAlphaType.Opaque) return ThroughBgra(codec, channels: 3);
        int h = codec.Info.Height, w = codec.Info.Width;
        var info = gray
            ? new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var image = ImageBuffer.Uninitialized(h, w, gray ? 1 : 4);
        fixed (byte* pixels = image.Data) Check(codec, codec.GetPixels(info, (IntPtr)pixels));
        return image;
    }

    /// <summary>Decodes to unpremultiplied BGRA in a pooled buffer, then to BGR (3 channels) or cv2's gray (1).</summary>
    static unsafe ImageBuffer ThroughBgra(SKCodec codec, int channels)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        var bgra = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        try
        {
            fixed (byte* pixels = bgra) Check(codec, codec.GetPixels(info, (IntPtr)pixels));
            var image = ImageBuffer.Uninitialized(info.Height, info.Width, channels);
            var source = bgra.AsSpan(0, info.BytesSize);
            if (channels == 1) PixelConversion.BgraToGray(source, image.Data);
            else PixelConversion.BgraToBgr(source, image.Data);
            return image;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bgra);
        }
    }

    static void Check(SKCodec codec, SKCodecResult result)
    {
        // A truncated file decodes as IncompleteInput with the missing rows filled in; cv2 accepts it
        // with a warning, but training on half-grey images is silent corruption: an error here.
        if (result == SKCodecResult.IncompleteInput)
            throw new FormatException($"the {codec.EncodedFormat} data is truncated or corrupt (SkiaSharp: {result})");
        if (result != SKCodecResult.Success)
            throw new FormatException($"the {codec.EncodedFormat} data could not be decoded (SkiaSharp: {result})");
    }
}
