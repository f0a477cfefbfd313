using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Detect.Transforms.Imaging;

/// <summary>
/// OpenCV's <c>cv2.resize</c> on uint8 HWC images, reproduced bit for bit: INTER_LINEAR (mmcv's
/// default 'bilinear') and INTER_NEAREST (masks, 'nearest').
/// </summary>
/// <remarks>
/// INTER_LINEAR is OpenCV's fixed-point path for 8-bit images: pixel centres aligned
/// (<c>fx = (dx + 0.5) · scale − 0.5</c>, computed in float), 11-bit interpolation weights rounded
/// half to even, a horizontal pass into int rows, and the vertical pass
/// <c>((b0·(S0 &gt;&gt; 4)) &gt;&gt; 16) + ((b1·(S1 &gt;&gt; 4)) &gt;&gt; 16) + 2 &gt;&gt; 2</c>. Border
/// columns are clamped with their weights zeroed, border rows are clamped with their weights kept —
/// exactly as <c>resizeGeneric_</c> does. An exact 2× downscale switches to INTER_AREA, as in OpenCV.
/// Golden tests compare against Debian's python3-opencv 4.6.
/// </remarks>
public static class CvResize
{
    const int CoefBits = 11;
    const float CoefScale = 1 << CoefBits;
    const double DblEpsilon = 2.220446049250313e-16; // C's DBL_EPSILON (not .NET's double.Epsilon)

    /// <summary>Resizes <paramref name="src"/> (sh×sw×cn) into <paramref name="dst"/> (dh×dw×cn), INTER_LINEAR.</summary>
    public static void Linear(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        Check(src, sh, sw, cn, dst, dh, dw);
        if (sh == dh && sw == dw) { src.CopyTo(dst); return; }
        double scaleX = 1.0 / ((double)dw / sw), scaleY = 1.0 / ((double)dh / sh);
        int iscaleX = (int)Math.Round(scaleX), iscaleY = (int)Math.Round(scaleY);
        if (iscaleX == 2 && iscaleY == 2 && Math.Abs(scaleX - 2) < DblEpsilon && Math.Abs(scaleY - 2) < DblEpsilon)
        {
            AreaHalf(src, sw, cn, dst, dh, dw);
            return;
        }

        var (xofs, alpha, xmax) = ColumnTable(sw, dw, scaleX);
        int rowLength = dw * cn;
        var rows = new int[2][] { new int[rowLength], new int[rowLength] };
        int[] cachedRow = [-1, -1];
        for (int dy = 0; dy < dh; dy++)
        {
            float fy = (float)((dy + 0.5) * scaleY - 0.5);
            int sy = (int)MathF.Floor(fy);
            fy -= sy;
            int b0 = RoundWeight(1f - fy), b1 = RoundWeight(fy);
            int r0 = Math.Clamp(sy, 0, sh - 1), r1 = Math.Clamp(sy + 1, 0, sh - 1);
            int[] s0 = HorizontalRow(src, sw, cn, r0, rows, cachedRow, xofs, alpha, xmax, dw);
            int[] s1 = HorizontalRow(src, sw, cn, r1, rows, cachedRow, xofs, alpha, xmax, dw);
            VerticalRow(s0, s1, b0, b1, dst.Slice(dy * rowLength, rowLength));
        }
    }

    /// <summary>
    /// OpenCV's VResizeLinear for bytes: <c>((b0·(s0 &gt;&gt; 4)) &gt;&gt; 16) + ((b1·(s1 &gt;&gt; 4)) &gt;&gt; 16) + 2 &gt;&gt; 2</c>,
    /// saturated — four ints at a time, as its SIMD path, then the scalar tail.
    /// </summary>
    static unsafe void VerticalRow(int[] row0, int[] row1, int b0, int b1, Span<byte> dst)
    {
        int n = dst.Length, x = 0;
        fixed (int* s0 = row0, s1 = row1)
        fixed (byte* d = dst)
        {
            if (Sse41.IsSupported)
            {
                var vb0 = Vector128.Create(b0);
                var vb1 = Vector128.Create(b1);
                var two = Vector128.Create(2);
                for (; x + 16 <= n; x += 16)
                {
                    var a = Pixel(s0 + x, s1 + x, vb0, vb1, two);
                    var b = Pixel(s0 + x + 4, s1 + x + 4, vb0, vb1, two);
                    var c = Pixel(s0 + x + 8, s1 + x + 8, vb0, vb1, two);
                    var e = Pixel(s0 + x + 12, s1 + x + 12, vb0, vb1, two);
                    Sse2.PackUnsignedSaturate(Sse2.PackSignedSaturate(a, b), Sse2.PackSignedSaturate(c, e)).Store(d + x);
                }
            }
            for (; x < n; x++)
            {
                int v = (((b0 * (s0[x] >> 4)) >> 16) + ((b1 * (s1[x] >> 4)) >> 16) + 2) >> 2;
                d[x] = (byte)Math.Clamp(v, 0, 255);
            }
        }
    }

    static unsafe Vector128<int> Pixel(int* s0, int* s1, Vector128<int> b0, Vector128<int> b1, Vector128<int> two)
    {
        var t0 = Sse2.ShiftRightArithmetic(Sse41.MultiplyLow(b0, Sse2.ShiftRightArithmetic(Sse2.LoadVector128(s0), 4)), 16);
        var t1 = Sse2.ShiftRightArithmetic(Sse41.MultiplyLow(b1, Sse2.ShiftRightArithmetic(Sse2.LoadVector128(s1), 4)), 16);
        return Sse2.ShiftRightArithmetic(Sse2.Add(Sse2.Add(t0, t1), two), 2);
    }

    /// <summary>Resizes with INTER_NEAREST: source index <c>min(floor(d · src/dst), src − 1)</c> on each axis.</summary>
    public static void Nearest(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        Check(src, sh, sw, cn, dst, dh, dw);
        double ifx = 1.0 / ((double)dw / sw), ify = 1.0 / ((double)dh / sh);
        var xofs = new int[dw];
        for (int x = 0; x < dw; x++) xofs[x] = Math.Min((int)Math.Floor(x * ifx), sw - 1) * cn;
        for (int y = 0; y < dh; y++)
        {
            int sy = Math.Min((int)Math.Floor(y * ify), sh - 1);
            var s = src.Slice(sy * sw * cn, sw * cn);
            var d = dst.Slice(y * dw * cn, dw * cn);
            for (int x = 0, o = 0; x < dw; x++)
                for (int k = 0; k < cn; k++) d[o++] = s[xofs[x] + k];
        }
    }

    /// <summary>OpenCV's cvRound of a weight times 2^11, as <c>saturate_cast&lt;short&gt;</c> does.</summary>
    static int RoundWeight(float w) => (int)MathF.Round(w * CoefScale, MidpointRounding.ToEven);

    static (int[] Xofs, int[] Alpha, int Xmax) ColumnTable(int sw, int dw, double scaleX)
    {
        var xofs = new int[dw];
        var alpha = new int[dw * 2];
        int xmax = dw;
        for (int dx = 0; dx < dw; dx++)
        {
            float fx = (float)((dx + 0.5) * scaleX - 0.5);
            int sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0) { fx = 0; sx = 0; }
            if (sx + 1 >= sw)
            {
                xmax = Math.Min(xmax, dx);
                if (sx >= sw - 1) { fx = 0; sx = sw - 1; }
            }
            xofs[dx] = sx;
            alpha[2 * dx] = RoundWeight(1f - fx);
            alpha[2 * dx + 1] = RoundWeight(fx);
        }
        return (xofs, alpha, xmax);
    }

    /// <summary>The horizontal pass of source row <paramref name="sy"/>, cached across output rows.</summary>
    static int[] HorizontalRow(ReadOnlySpan<byte> src, int sw, int cn, int sy, int[][] rows, int[] cachedRow,
        int[] xofs, int[] alpha, int xmax, int dw)
    {
        if (cachedRow[0] == sy) return rows[0];
        if (cachedRow[1] == sy) return rows[1];
        // Replace the row not needed any more: rows are requested in non-decreasing order.
        int slot = cachedRow[0] < cachedRow[1] ? 0 : 1;
        cachedRow[slot] = sy;
        var row = rows[slot];
        HorizontalPass(src.Slice(sy * sw * cn, sw * cn), cn, row, xofs, alpha, xmax, dw);
        return row;
    }

    /// <summary>OpenCV's HResizeLinear for bytes: two taps with 11-bit weights, clamped columns one tap of 2^11.</summary>
    static unsafe void HorizontalPass(ReadOnlySpan<byte> srcRow, int cn, int[] row, int[] xofs, int[] alpha, int xmax, int dw)
    {
        fixed (byte* s = srcRow)
        fixed (int* d = row, xo = xofs, a = alpha)
        {
            int dx = 0;
            if (cn == 3)
            {
                for (; dx < xmax; dx++)
                {
                    byte* p = s + xo[dx] * 3;
                    int a0 = a[2 * dx], a1 = a[2 * dx + 1];
                    int* o = d + dx * 3;
                    o[0] = p[0] * a0 + p[3] * a1;
                    o[1] = p[1] * a0 + p[4] * a1;
                    o[2] = p[2] * a0 + p[5] * a1;
                }
            }
            else
            {
                for (; dx < xmax; dx++)
                {
                    byte* p = s + xo[dx] * cn;
                    int a0 = a[2 * dx], a1 = a[2 * dx + 1];
                    for (int k = 0; k < cn; k++) d[dx * cn + k] = p[k] * a0 + p[cn + k] * a1;
                }
            }
            for (; dx < dw; dx++)
            {
                byte* p = s + xo[dx] * cn;
                for (int k = 0; k < cn; k++) d[dx * cn + k] = p[k] << CoefBits;
            }
        }
    }

    /// <summary>OpenCV's INTER_AREA fast path for an exact 2× downscale: (a + b + c + d + 2) &gt;&gt; 2.</summary>
    static void AreaHalf(ReadOnlySpan<byte> src, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        int srcStride = sw * cn, dstStride = dw * cn;
        for (int y = 0; y < dh; y++)
        {
            var s0 = src.Slice(2 * y * srcStride, srcStride);
            var s1 = src.Slice((2 * y + 1) * srcStride, srcStride);
            var d = dst.Slice(y * dstStride, dstStride);
            for (int x = 0; x < dw; x++)
                for (int k = 0; k < cn; k++)
                {
                    int i = 2 * x * cn + k;
                    d[x * cn + k] = (byte)((s0[i] + s0[i + cn] + s1[i] + s1[i + cn] + 2) >> 2);
                }
        }
    }

    static void Check(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        if (sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0)
            throw new ArgumentException($"Cannot resize {sh}×{sw} to {dh}×{dw}: sizes must be positive.");
        if (src.Length != sh * sw * cn || dst.Length != dh * dw * cn)
            throw new ArgumentException("Source or destination length does not match its size.");
    }
}
