namespace Detect.Transforms.Imaging;

/// <summary>
/// OpenCV's resizeArea for bytes shrinking by a non-integer factor: every destination pixel is the
/// sum of the source pixels it covers, each weighted by the covered fraction of its area.
/// </summary>
/// <remarks>
/// The fractions come from <c>computeResizeAreaTab</c> (in double, stored as float; slivers under
/// 1e-3 of a pixel dropped). The sums are float, accumulated in OpenCV's order — a source row's
/// pixels into a row buffer, then the row buffer times its row fraction into the destination row —
/// and rounded half to even.
/// </remarks>
internal static class CvResizeAreaTable
{
    /// <summary>Along one axis: which destination index each share goes to, from which source index, and its fraction.</summary>
    sealed record Shares(int[] Dst, int[] Src, float[] Alpha);

    public static unsafe void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw, double scaleX, double scaleY)
    {
        var columns = Table(sw, dw, scaleX);
        var rows = Table(sh, dh, scaleY);
        int width = dw * cn, n = columns.Alpha.Length;
        var buffer = new float[width];
        var sum = new float[width];
        int currentRow = rows.Dst[0];
        fixed (byte* s = src)
        fixed (int* cd = columns.Dst, cs = columns.Src)
        fixed (float* ca = columns.Alpha, buf = buffer, acc = sum)
        {
            for (int j = 0; j < rows.Alpha.Length; j++)
            {
                byte* row = s + rows.Src[j] * sw * cn;
                new Span<float>(buf, width).Clear();
                for (int k = 0; k < n; k++)
                {
                    float* b = buf + cd[k] * cn;
                    byte* p = row + cs[k] * cn;
                    float alpha = ca[k];
                    for (int c = 0; c < cn; c++) b[c] += p[c] * alpha;
                }
                float beta = rows.Alpha[j];
                if (rows.Dst[j] != currentRow)
                {
                    Store(sum, dst.Slice(currentRow * width, width));
                    for (int x = 0; x < width; x++) acc[x] = beta * buf[x];
                    currentRow = rows.Dst[j];
                }
                else
                    for (int x = 0; x < width; x++) acc[x] += beta * buf[x];
            }
        }
        Store(sum, dst.Slice(currentRow * width, width));
    }

    static void Store(float[] sum, Span<byte> dst)
    {
        for (int x = 0; x < dst.Length; x++) dst[x] = CvFixedPoint.SaturateByte(sum[x]);
    }

    /// <summary>OpenCV's computeResizeAreaTab: the shares along one axis, in destination order.</summary>
    static Shares Table(int srcSize, int dstSize, double scale)
    {
        var (dsts, srcs, alphas) = (new List<int>(srcSize * 2), new List<int>(srcSize * 2), new List<float>(srcSize * 2));
        void Add(int d, int s, double alpha)
        {
            dsts.Add(d);
            srcs.Add(s);
            alphas.Add((float)alpha);
        }
        for (int d = 0; d < dstSize; d++)
        {
            double fs1 = d * scale, fs2 = fs1 + scale;
            double cellWidth = Math.Min(scale, srcSize - fs1);
            int s2 = Math.Min((int)Math.Floor(fs2), srcSize - 1);
            int s1 = Math.Min((int)Math.Ceiling(fs1), s2);
            if (s1 - fs1 > 1e-3) Add(d, s1 - 1, (s1 - fs1) / cellWidth);
            for (int s = s1; s < s2; s++) Add(d, s, 1.0 / cellWidth);
            if (fs2 - s2 > 1e-3) Add(d, s2, Math.Min(Math.Min(fs2 - s2, 1.0), cellWidth) / cellWidth);
        }
        return new Shares([.. dsts], [.. srcs], [.. alphas]);
    }
}
