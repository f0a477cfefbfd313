using Detect.Transforms;
using Detect.Transforms.Imaging;
using SkiaSharp;

namespace Detect.Serving;

/// <summary>
/// A request body as an image: the size its header declares is checked against the pixel limit before anything is decoded
/// (a 100-byte PNG may declare 100,000 × 100,000 pixels), then it is decoded as <c>LoadImageFromFile</c> decodes files
/// (<see cref="ImageDecoder"/>: BGR, EXIF orientation applied, a truncated file refused), so a POSTed image and the same file
/// given to <c>detect infer</c> reach the model as the same pixels.
/// </summary>
public static class RequestImage
{
    /// <summary>The decoded image of <paramref name="body"/>.</summary>
    /// <exception cref="RequestRejectedException">400: the body is empty, is no image, is truncated, or has too many pixels.</exception>
    public static ImageBuffer Decode(ReadOnlySpan<byte> body, long maxPixels)
    {
        if (body.IsEmpty) throw new RequestRejectedException(400, "The request body is empty: POST the bytes of a JPEG or PNG image.");
        var (width, height) = DeclaredSize(body)
            ?? throw new RequestRejectedException(400, $"The request body ({body.Length} bytes) is not a decodable image: POST the bytes of a JPEG or PNG image (BMP and WebP work too).");
        if ((long)width * height > maxPixels)
            throw new RequestRejectedException(400, $"The image declares {width}×{height} pixels, more than this server's limit of {maxPixels} (--max-image-pixels); it was not decoded.");
        try
        {
            return ImageDecoder.Decode(body);
        }
        catch (FormatException e)
        {
            throw new RequestRejectedException(400, $"The request body is not a decodable image: {e.Message}.");
        }
    }

    /// <summary>The width and height in the image's header (nothing decoded), or null when SkiaSharp knows no such format.</summary>
    static unsafe (int Width, int Height)? DeclaredSize(ReadOnlySpan<byte> body)
    {
        fixed (byte* bytes = body)
        {
            using var data = SKData.Create((IntPtr)bytes, body.Length);   // over the pinned bytes, no copy
            using var codec = SKCodec.Create(new SKMemoryStream(data));
            return codec is null ? null : (codec.Info.Width, codec.Info.Height);
        }
    }
}
