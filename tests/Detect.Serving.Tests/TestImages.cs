using System.Buffers.Binary;
using System.IO.Hashing;
using SkiaSharp;

namespace Detect.Serving.Tests;

/// <summary>
/// Request bodies for the server: small encoded images, and the malformed bodies a server must refuse (a truncated JPEG,
/// random bytes, a PNG bomb whose header declares far more pixels than its few bytes hold). The load test sends them too.
/// </summary>
public static class TestImages
{
    /// <summary>A <paramref name="width"/>×<paramref name="height"/> image with a filled rectangle, encoded as <paramref name="format"/>.</summary>
    public static byte[] Encoded(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png, byte shade = 200)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(20, 40, 60));
            using var paint = new SKPaint { Color = new SKColor(shade, 80, 30) };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>The first half of a JPEG: its header says a valid size, its scan data stops short.</summary>
    public static byte[] TruncatedJpeg()
    {
        var jpeg = Encoded(320, 240, SKEncodedImageFormat.Jpeg);
        return jpeg[..(jpeg.Length / 2)];
    }

    /// <summary><paramref name="length"/> seeded random bytes.</summary>
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// A valid 1×1 PNG whose header (IHDR, CRC recomputed) then declares <paramref name="width"/>×<paramref name="height"/>
    /// pixels: under 100 bytes on the wire, gigabytes once decoded.
    /// </summary>
    public static byte[] PngBomb(int width = 100_000, int height = 100_000)
    {
        var png = Encoded(1, 1, SKEncodedImageFormat.Png);
        // Signature (8), then IHDR: length (4), "IHDR" (4), width (4), height (4), 5 more bytes, CRC over type and data (4).
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.HashToUInt32(png.AsSpan(12, 17)));
        return png;
    }
}
