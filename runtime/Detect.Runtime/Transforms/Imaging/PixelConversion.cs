using System.Runtime.Intrinsics;

namespace Detect.Transforms.Imaging;

/// <summary>Channel-layout conversions from the 4-byte pixels decoders produce.</summary>
public static class PixelConversion
{
    // Picks B, G, R of four BGRA pixels into the first 12 bytes; the last 4 lanes are don't-care.
    static readonly Vector128<byte> DropAlpha = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 15, 15, 15, 15);

    /// <summary>BGRA → BGR (alpha dropped, not blended, as cv2's IMREAD_COLOR does).</summary>
    public static void BgraToBgr(ReadOnlySpan<byte> bgra, Span<byte> bgr)
    {
        int pixels = bgra.Length / 4;
        if (bgr.Length != pixels * 3) throw new ArgumentException("Destination must hold 3 bytes per pixel.", nameof(bgr));
        int p = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // 16-byte stores that write 12 useful bytes; stop while a full store still fits.
            for (; p + 4 <= pixels && p * 3 + 16 <= bgr.Length; p += 4)
            {
                var shuffled = Vector128.Shuffle(Vector128.Create(bgra.Slice(p * 4, 16)), DropAlpha);
                shuffled.CopyTo(bgr.Slice(p * 3, 16));
            }
        }
        for (; p < pixels; p++)
        {
            bgr[p * 3] = bgra[p * 4];
            bgr[p * 3 + 1] = bgra[p * 4 + 1];
            bgr[p * 3 + 2] = bgra[p * 4 + 2];
        }
    }

    /// <summary>BGRA → gray with OpenCV's BGR2GRAY weights (0.114, 0.587, 0.299 in 14-bit fixed point).</summary>
    public static void BgraToGray(ReadOnlySpan<byte> bgra, Span<byte> gray)
    {
        const int B2Y = 1868, G2Y = 9617, R2Y = 4899, Half = 1 << 13;
        for (int p = 0; p < gray.Length; p++)
            gray[p] = (byte)((bgra[p * 4] * B2Y + bgra[p * 4 + 1] * G2Y + bgra[p * 4 + 2] * R2Y + Half) >> 14);
    }
}
