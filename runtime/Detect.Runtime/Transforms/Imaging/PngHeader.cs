namespace Detect.Transforms.Imaging;

/// <summary>
/// The one PNG header field SkiaSharp's codec info does not report: the bit depth (a 16-bit gray PNG
/// reports as Gray8). PNG fixes the layout: an 8-byte signature, then the IHDR chunk (length, "IHDR",
/// width, height, bit depth at byte 24).
/// </summary>
internal static class PngHeader
{
    static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The bit depth per sample of a PNG file; null when the bytes are not a PNG.</summary>
    public static int? BitDepth(ReadOnlySpan<byte> file) =>
        file.Length > 24 && file.StartsWith(Signature) && file.Slice(12, 4).SequenceEqual("IHDR"u8) ? file[24] : null;
}
