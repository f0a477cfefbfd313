using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Detect.Transforms.Imaging;

/// <summary>Channel-layout conversions: the 4-byte pixels decoders produce, and HWC ↔ CHW.</summary>
public static class PixelConversion
{
    // Plane k of 16 pixels: output vector k, lane p ← byte 3p + k.
    static readonly Gather48 Deinterleave = new(i => 3 * (i % 16) + i / 16);

    /// <summary>BGRA → BGR (alpha dropped, not blended, as cv2's IMREAD_COLOR does).</summary>
    public static unsafe void BgraToBgr(ReadOnlySpan<byte> bgra, Span<byte> bgr)
    {
        int pixels = bgra.Length / 4;
        if (bgr.Length != pixels * 3) throw new ArgumentException("Destination must hold 3 bytes per pixel.", nameof(bgr));
        fixed (byte* src = bgra, dst = bgr)
        {
            int p = 0;
            if (Ssse3.IsSupported)
            {
                // Four BGRA pixels → 12 BGR bytes in the low lanes; the 16-byte store's last 4 bytes are
                // overwritten by the next store, so stop while a whole store still fits.
                var dropAlpha = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
                for (; p + 4 <= pixels && p * 3 + 16 <= bgr.Length; p += 4)
                    Ssse3.Shuffle(Sse2.LoadVector128(src + p * 4), dropAlpha).Store(dst + p * 3);
            }
            for (; p < pixels; p++)
            {
                dst[p * 3] = src[p * 4];
                dst[p * 3 + 1] = src[p * 4 + 1];
                dst[p * 3 + 2] = src[p * 4 + 2];
            }
        }
    }

    /// <summary>BGRA → gray with OpenCV's BGR2GRAY weights (0.114, 0.587, 0.299 in 14-bit fixed point).</summary>
    public static void BgraToGray(ReadOnlySpan<byte> bgra, Span<byte> gray)
    {
        const int B2Y = 1868, G2Y = 9617, R2Y = 4899, Half = 1 << 13;
        for (int p = 0; p < gray.Length; p++)
            gray[p] = (byte)((bgra[p * 4] * B2Y + bgra[p * 4 + 1] * G2Y + bgra[p * 4 + 2] * R2Y + Half) >> 14);
    }

    /// <summary>Interleaved HWC → planar CHW (PackDetInputs' transpose), for any number of channels.</summary>
    public static unsafe void HwcToChw(ReadOnlySpan<byte> hwc, int channels, Span<byte> chw)
    {
        if (hwc.Length != chw.Length) throw new ArgumentException("Source and destination sizes differ.", nameof(chw));
        if (channels == 1) { hwc.CopyTo(chw); return; }
        if (channels != 3)
        {
            int pixels = hwc.Length / channels;
            for (int p = 0; p < pixels; p++)
                for (int c = 0; c < channels; c++) chw[c * pixels + p] = hwc[p * channels + c];
            return;
        }
        int plane = hwc.Length / 3;
        fixed (byte* src = hwc, dst = chw)
        {
            byte* d0 = dst, d1 = dst + plane, d2 = dst + 2 * plane, s = src;
            int p = 0;
            if (Gather48.IsSupported)
                for (; p + 16 <= plane; p += 16, s += 48)
                {
                    var a = Sse2.LoadVector128(s);
                    var b = Sse2.LoadVector128(s + 16);
                    var c = Sse2.LoadVector128(s + 32);
                    Deinterleave.Output(0, a, b, c).Store(d0 + p);
                    Deinterleave.Output(1, a, b, c).Store(d1 + p);
                    Deinterleave.Output(2, a, b, c).Store(d2 + p);
                }
            for (; p < plane; p++, s += 3)
            {
                d0[p] = s[0];
                d1[p] = s[1];
                d2[p] = s[2];
            }
        }
    }
}
