namespace Detect.Transforms.Imaging;

/// <summary>
/// OpenCV's <c>resizeGeneric_</c> for 8-bit images with a wide kernel (INTER_CUBIC: 4 taps,
/// INTER_LANCZOS4: 8): the kernel's weights per destination column and row rounded to 11 bits, a
/// horizontal pass of each needed source row into ints, and a vertical pass the kernel supplies.
/// </summary>
/// <remarks>
/// Source positions are pixel-centre aligned, <c>f = (d + 0.5) · scale − 0.5</c> in float; the taps
/// of destination pixel d are source pixels <c>floor(f) − taps/2 + 1 …</c>. Taps that fall outside the
/// image read the border pixel (replicated) with their weights unchanged, on both axes.
/// </remarks>
internal static class CvResizeSeparable
{
    /// <summary>The kernel's float weights for fraction <c>x</c> in [0, 1).</summary>
    public delegate void Weights(float x, Span<float> coeffs);

    /// <summary>Combines the horizontally resized rows (one per tap) with the row's 11-bit weights into bytes.</summary>
    public delegate void Vertical(int[][] rows, ReadOnlySpan<short> beta, Span<byte> dst);

    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw,
        int taps, Weights weights, Vertical vertical)
    {
        var (xofs, alpha, xmin, xmax) = Table(sw, dw, taps, weights);
        var (yofs, beta, _, _) = Table(sh, dh, taps, weights);
        int rowLength = dw * cn, first = taps / 2 - 1;
        var cache = new RowCache(taps, rowLength);
        var rows = new int[taps][];
        for (int dy = 0; dy < dh; dy++)
        {
            for (int k = 0; k < taps; k++)
            {
                int sy = Math.Clamp(yofs[dy] - first + k, 0, sh - 1);
                rows[k] = cache.Row(sy, dy, out bool fresh);
                if (fresh) HorizontalPass(src.Slice(sy * sw * cn, sw * cn), sw, cn, rows[k], xofs, alpha, taps, xmin, xmax);
            }
            vertical(rows, beta.AsSpan(dy * taps, taps), dst.Slice(dy * rowLength, rowLength));
        }
    }

    /// <summary>
    /// Per destination index: the source position's integer part and the 11-bit weights of its taps;
    /// [Min, Max) is the range whose taps all lie inside the source.
    /// </summary>
    static (int[] Offsets, short[] Weights, int Min, int Max) Table(int srcSize, int dstSize, int taps, Weights weights)
    {
        double scale = CvFixedPoint.Scale(srcSize, dstSize);
        var offsets = new int[dstSize];
        var fixedWeights = new short[dstSize * taps];
        Span<float> coeffs = stackalloc float[taps];
        int min = 0, max = dstSize, half = taps / 2;
        for (int d = 0; d < dstSize; d++)
        {
            float f = (float)((d + 0.5) * scale - 0.5);
            int s = (int)MathF.Floor(f);
            f -= s;
            if (s < half - 1) min = d + 1;
            if (s + half >= srcSize) max = Math.Min(max, d);
            offsets[d] = s;
            weights(f, coeffs);
            for (int k = 0; k < taps; k++) fixedWeights[d * taps + k] = CvFixedPoint.Weight(coeffs[k]);
        }
        return (offsets, fixedWeights, min, max);
    }

    /// <summary>OpenCV's HResizeCubic / HResizeLanczos4 for bytes: integer sums of taps × 11-bit weights.</summary>
    static unsafe void HorizontalPass(ReadOnlySpan<byte> srcRow, int sw, int cn, int[] row, int[] xofs, short[] alpha, int taps, int xmin, int xmax)
    {
        int dw = xofs.Length, first = taps / 2 - 1;
        fixed (byte* s = srcRow)
        fixed (int* d = row, xo = xofs)
        fixed (short* a = alpha)
        {
            for (int dx = 0; dx < dw; dx++)
            {
                short* w = a + dx * taps;
                int* o = d + dx * cn;
                int start = xo[dx] - first;
                if (dx >= xmin && dx < xmax)
                {
                    // All taps inside the row: consecutive pixels, cn bytes apart.
                    byte* p = s + start * cn;
                    for (int c = 0; c < cn; c++)
                    {
                        int sum = 0;
                        for (int j = 0, i = c; j < taps; j++, i += cn) sum += p[i] * w[j];
                        o[c] = sum;
                    }
                }
                else
                    for (int c = 0; c < cn; c++)
                    {
                        int sum = 0;
                        for (int j = 0; j < taps; j++) sum += s[Math.Clamp(start + j, 0, sw - 1) * cn + c] * w[j];
                        o[c] = sum;
                    }
            }
        }
    }

    /// <summary>
    /// The horizontally resized source rows the current destination row needs, computed once each:
    /// one buffer per tap, reused for the rows the next destination row needs again.
    /// </summary>
    sealed class RowCache(int taps, int rowLength)
    {
        readonly int[][] buffers = Enumerable.Range(0, taps).Select(_ => new int[rowLength]).ToArray();
        readonly int[] sourceRow = Enumerable.Repeat(-1, taps).ToArray();
        readonly int[] lastUsed = Enumerable.Repeat(-1, taps).ToArray();

        /// <summary>
        /// The buffer of source row <paramref name="sy"/> for destination row <paramref name="dy"/>;
        /// <paramref name="fresh"/>: the caller must fill it.
        /// </summary>
        public int[] Row(int sy, int dy, out bool fresh)
        {
            fresh = false;
            int free = -1;
            for (int i = 0; i < taps; i++)
            {
                if (sourceRow[i] == sy)
                {
                    lastUsed[i] = dy;
                    return buffers[i];
                }
                // A buffer not used by this destination row holds a row it does not need.
                if (lastUsed[i] != dy && (free < 0 || sourceRow[i] < sourceRow[free])) free = i;
            }
            sourceRow[free] = sy;
            lastUsed[free] = dy;
            fresh = true;
            return buffers[free];
        }
    }
}
