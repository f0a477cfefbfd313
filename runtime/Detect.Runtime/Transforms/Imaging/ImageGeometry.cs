using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Detect.Transforms.Imaging;

/// <summary>
/// Pixel-moving kernels on HWC byte images (cv2.flip, slicing, cv2.copyMakeBorder with a constant
/// border, array pasting). Shared by images (1, 3 or 4 channels) and masks (1 channel).
/// </summary>
public static class ImageGeometry
{
    /// <summary>Flips horizontally, vertically or both ("diagonal"), as mmcv.imflip.</summary>
    public static void Flip(ReadOnlySpan<byte> src, int h, int w, int cn, Span<byte> dst, FlipDirection direction)
    {
        int stride = w * cn;
        bool flipX = direction is FlipDirection.Horizontal or FlipDirection.Diagonal;
        bool flipY = direction is FlipDirection.Vertical or FlipDirection.Diagonal;
        for (int y = 0; y < h; y++)
        {
            var s = src.Slice(y * stride, stride);
            var d = dst.Slice((flipY ? h - 1 - y : y) * stride, stride);
            if (!flipX) { s.CopyTo(d); continue; }
            if (cn == 3) MirrorRow3(s, d, w);
            else
                for (int x = 0; x < w; x++)
                    s.Slice(x * cn, cn).CopyTo(d.Slice((w - 1 - x) * cn, cn));
        }
    }

    // 16 pixels in reverse order: output byte 3p + k ← input byte 3(15 − p) + k.
    static readonly Gather48 Mirror16 = new(i => 45 - 3 * (i / 3) + i % 3);

    static unsafe void MirrorRow3(ReadOnlySpan<byte> s, Span<byte> d, int w)
    {
        if (s.Length < w * 3 || d.Length < w * 3) throw new ArgumentException("Row shorter than its width.");
        fixed (byte* src = s, dst = d)
        {
            int x = 0;
            if (Gather48.IsSupported)
                for (; x + 16 <= w; x += 16)
                {
                    // Source pixels x..x+15 become destination pixels w−16−x..w−1−x, reversed.
                    byte* from = src + 3 * x, to = dst + 3 * (w - 16 - x);
                    var a = Sse2.LoadVector128(from);
                    var b = Sse2.LoadVector128(from + 16);
                    var c = Sse2.LoadVector128(from + 32);
                    Mirror16.Output(0, a, b, c).Store(to);
                    Mirror16.Output(1, a, b, c).Store(to + 16);
                    Mirror16.Output(2, a, b, c).Store(to + 32);
                }
            // A pixel is 2 + 1 bytes; moving them as a ushort and a byte halves the memory operations.
            byte* from1 = src + 3 * x, to1 = dst + (w - 1 - x) * 3;
            for (; x < w; x++, from1 += 3, to1 -= 3)
            {
                *(ushort*)to1 = *(ushort*)from1;
                to1[2] = from1[2];
            }
        }
    }

    /// <summary>Copies the region of <paramref name="src"/> at (y0, x0) of size ch×cw into <paramref name="dst"/> (ch×cw×cn).</summary>
    public static void Crop(ReadOnlySpan<byte> src, int w, int cn, int y0, int x0, int ch, int cw, Span<byte> dst)
    {
        for (int y = 0; y < ch; y++)
            src.Slice((y0 + y) * w * cn + x0 * cn, cw * cn).CopyTo(dst.Slice(y * cw * cn, cw * cn));
    }

    /// <summary>
    /// Copies the ch×cw block of <paramref name="src"/> at (sy0, sx0) into <paramref name="dst"/> (dw wide)
    /// at (dy0, dx0): numpy's <c>dst[dy0:dy0+ch, dx0:dx0+cw] = src[sy0:sy0+ch, sx0:sx0+cw]</c>.
    /// </summary>
    public static void Paste(ReadOnlySpan<byte> src, int sw, int sy0, int sx0, Span<byte> dst, int dw, int dy0, int dx0,
        int ch, int cw, int cn)
    {
        if (ch <= 0 || cw <= 0) return;
        for (int y = 0; y < ch; y++)
            src.Slice(((sy0 + y) * sw + sx0) * cn, cw * cn).CopyTo(dst.Slice(((dy0 + y) * dw + dx0) * cn, cw * cn));
    }

    /// <summary>
    /// Pads bottom and right with a constant to ph×pw (mmcv.impad with <c>shape</c>; sizes smaller than
    /// the image leave it uncut on that axis, as impad never crops).
    /// </summary>
    public static void PadBottomRight(ReadOnlySpan<byte> src, int h, int w, int cn, Span<byte> dst, int ph, int pw,
        ReadOnlySpan<byte> padValue)
    {
        int srcStride = w * cn, dstStride = pw * cn;
        for (int y = 0; y < ph; y++)
        {
            var d = dst.Slice(y * dstStride, dstStride);
            int copied = 0;
            if (y < h)
            {
                src.Slice(y * srcStride, srcStride).CopyTo(d);
                copied = srcStride;
            }
            for (int o = copied; o < dstStride; o += cn) padValue.CopyTo(d.Slice(o, cn));
        }
    }

    /// <summary>Transposes rows and columns (cv2.transpose): dst is w×h×cn.</summary>
    public static void Transpose(ReadOnlySpan<byte> src, int h, int w, int cn, Span<byte> dst)
    {
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                src.Slice((y * w + x) * cn, cn).CopyTo(dst.Slice((x * h + y) * cn, cn));
    }
}
