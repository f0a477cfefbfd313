using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Detect.Transforms.Imaging;

/// <summary>
/// cv2.resize with INTER_LINEAR (mmcv's default 'bilinear'), and the bilinear variant INTER_AREA uses
/// when it enlarges an axis.
/// </summary>
/// <remarks>
/// OpenCV's fixed-point path for 8-bit images: a source coordinate per destination pixel (computed in
/// float), 11-bit weights rounded half to even, a horizontal pass into int rows, and the vertical pass
/// <c>((b0·(S0 &gt;&gt; 4)) &gt;&gt; 16) + ((b1·(S1 &gt;&gt; 4)) &gt;&gt; 16) + 2 &gt;&gt; 2</c>. Border
/// columns are clamped with their weights zeroed, border rows are clamped with their weights kept —
/// exactly as <c>resizeGeneric_</c> does. An exact 2× downscale switches to INTER_AREA, as in OpenCV.
/// </remarks>
internal static class CvResizeLinear
{
    /// <summary>A destination index's source position: the integer part and the fraction.</summary>
    delegate (int S, float F) SourceOf(int d);

    /// <summary>INTER_LINEAR: pixel centres aligned, <c>f = (d + 0.5) · scale − 0.5</c> in float.</summary>
    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        double scaleX = CvFixedPoint.Scale(sw, dw), scaleY = CvFixedPoint.Scale(sh, dh);
        if (CvFixedPoint.IsInteger(scaleX, out int ix) && CvFixedPoint.IsInteger(scaleY, out int iy) && ix == 2 && iy == 2)
        {
            CvResizeArea.IntegerScale(src, sw, cn, dst, dh, dw, 2, 2);
            return;
        }
        Run(src, sh, sw, cn, dst, dh, dw, d => Centred(d, scaleX), d => Centred(d, scaleY));
    }

    /// <summary>
    /// INTER_AREA when an axis is enlarged: <c>s = floor(d · scale)</c>,
    /// <c>f = (d + 1) − (s + 1) / scale</c>, then its fractional part when positive, else 0.
    /// </summary>
    public static void AreaEnlarge(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        double scaleX = CvFixedPoint.Scale(sw, dw), scaleY = CvFixedPoint.Scale(sh, dh);
        double invX = (double)dw / sw, invY = (double)dh / sh;
        Run(src, sh, sw, cn, dst, dh, dw, d => AreaAligned(d, scaleX, invX), d => AreaAligned(d, scaleY, invY));
    }

    static (int S, float F) Centred(int d, double scale)
    {
        float f = (float)((d + 0.5) * scale - 0.5);
        int s = (int)MathF.Floor(f);
        return (s, f - s);
    }

    static (int S, float F) AreaAligned(int d, double scale, double inverse)
    {
        int s = (int)Math.Floor(d * scale);
        float f = (float)((d + 1) - (s + 1) * inverse);
        return (s, f <= 0 ? 0f : f - MathF.Floor(f));
    }

    static void Run(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw, SourceOf column, SourceOf row)
    {
        var (xofs, alpha, xmax) = ColumnTable(sw, dw, column);
        int rowLength = dw * cn;
        var rows = new int[2][] { new int[rowLength], new int[rowLength] };
        int[] cachedRow = [-1, -1];
        for (int dy = 0; dy < dh; dy++)
        {
            var (sy, fy) = row(dy);
            int b0 = CvFixedPoint.Weight(1f - fy), b1 = CvFixedPoint.Weight(fy);
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

    static (int[] Xofs, int[] Alpha, int Xmax) ColumnTable(int sw, int dw, SourceOf column)
    {
        var xofs = new int[dw];
        var alpha = new int[dw * 2];
        int xmax = dw;
        for (int dx = 0; dx < dw; dx++)
        {
            var (sx, fx) = column(dx);
            if (sx < 0) { fx = 0; sx = 0; }
            if (sx + 1 >= sw)
            {
                xmax = Math.Min(xmax, dx);
                if (sx >= sw - 1) { fx = 0; sx = sw - 1; }
            }
            xofs[dx] = sx;
            alpha[2 * dx] = CvFixedPoint.Weight(1f - fx);
            alpha[2 * dx + 1] = CvFixedPoint.Weight(fx);
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
                for (int k = 0; k < cn; k++) d[dx * cn + k] = p[k] << CvFixedPoint.CoefBits;
            }
        }
    }
}
