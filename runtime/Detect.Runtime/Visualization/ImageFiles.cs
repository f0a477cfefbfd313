using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;
using Detect.Ops;

namespace Detect.Visualization;

/// <summary>
/// Image files to tensors and back with SkiaSharp: decoding to the 3×H×W uint8 BGR tensors the models take
/// (MMDetection's channel order), and encoding drawn bitmaps.
/// </summary>
/// <remarks>Alpha is dropped (not composited) and EXIF orientation is not applied, as OpenCV's <c>IMREAD_COLOR</c>
/// would; decoding through the data pipeline's <c>LoadImageFromFile</c> handles orientation.</remarks>
public static class ImageFiles
{
    /// <summary>File extensions taken as images when a folder is given.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    /// <summary>Decodes <paramref name="path"/> into a 3×H×W uint8 tensor, channels B, G, R.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image SkiaSharp can decode.</exception>
    public static Tensor ReadBgr(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such image file.", path);
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"{path}: not a decodable image (JPEG, PNG, BMP, WebP).");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"{path}: decoding failed ({result}).");
        var bytes = bitmap.GetPixelSpan().ToArray();
        using var scope = NewDisposeScope();
        var bgra = tensor(bytes, dtype: ScalarType.Byte).view(info.Height, info.Width, 4);
        return bgra[.., .., ..3].permute(2, 0, 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>A bitmap (opaque BGRA) of a 3×H×W uint8 BGR tensor, for drawing.</summary>
    public static SKBitmap ToBitmap(Tensor bgr)
    {
        if (bgr.dim() != 3 || bgr.shape[0] != 3 || bgr.dtype != ScalarType.Byte)
            throw new ArgumentException($"Expected a 3×H×W uint8 tensor, got [{string.Join(", ", bgr.shape)}] {bgr.dtype}.", nameof(bgr));
        int h = (int)bgr.shape[1], w = (int)bgr.shape[2];
        byte[] pixels;
        using (var scope = NewDisposeScope())
        {
            using var opaque = ((byte)255).ToScalar();
            var alpha = full(1, h, w, opaque, dtype: ScalarType.Byte);
            pixels = TensorValues.ToArray<byte>(cat([bgr.cpu(), alpha], 0).permute(1, 2, 0));
        }
        var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    /// <summary>A bitmap (opaque BGRA) of a pipeline image (HWC: BGR, gray or BGRA), for drawing.</summary>
    public static SKBitmap ToBitmap(Detect.Transforms.ImageBuffer image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        var pixels = new byte[image.Width * image.Height * 4];
        var source = image.Pixels;
        int c = image.Channels;
        for (int p = 0, q = 0; q < pixels.Length; p += c, q += 4)
        {
            pixels[q] = source[p];
            pixels[q + 1] = source[c == 1 ? p : p + 1];
            pixels[q + 2] = source[c == 1 ? p : p + 2];
            pixels[q + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    /// <summary>Encodes <paramref name="bitmap"/> as a JPEG file (quality 0–100), creating the folder.</summary>
    public static void SaveJpeg(SKBitmap bitmap, string path, int quality = 90)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality)
                         ?? throw new InvalidOperationException($"{path}: JPEG encoding failed.");
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
