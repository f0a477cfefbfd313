using System.Buffers;
using System.Numerics;

namespace Detect.Transforms.Imaging;

/// <summary>
/// cv2.resize with INTER_LANCZOS4 (mmcv's 'lanczos'): a Lanczos window of 4 over 8×8 source pixels,
/// 11-bit weights (see <see cref="CvResizeSeparable"/>), and an all-integer vertical pass
/// <c>(Σ S·b + 2^21) &gt;&gt; 22</c> (OpenCV has no SIMD kernel for this one on bytes).
/// </summary>
internal static class CvResizeLanczos4
{
    const int Taps = 8;
    const double S45 = 0.70710678118654752440084436210485;

    /// <summary>(cos, sin) coefficients that turn sin(y0) and cos(y0) into sin(y0 + i·π/4)·… per tap.</summary>
    static readonly double[,] Cs =
        { { 1, 0 }, { -S45, -S45 }, { 0, 1 }, { S45, -S45 }, { -1, 0 }, { S45, S45 }, { 0, -1 }, { -S45, S45 } };

    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw) =>
        CvResizeSeparable.Resize(src, sh, sw, cn, dst, dh, dw, Taps, Weights, Vertical);

    /// <summary>
    /// OpenCV's interpolateLanczos4: sin(πt)·sin(πt/4) / (πt)²·4 for t = x + 3 − i, from one sine and
    /// cosine (in double), each stored as float and normalised to sum 1 in float; a tap at t = 0 is
    /// given 1e30 so that it takes all the weight.
    /// </summary>
    static void Weights(float x, Span<float> c)
    {
        float sum = 0;
        double y0 = -(x + 3) * Math.PI * 0.25, s0 = Math.Sin(y0), c0 = Math.Cos(y0);
        for (int i = 0; i < Taps; i++)
        {
            float t = x + 3 - i;
            if (MathF.Abs(t) >= 1e-6f)
            {
                double y = -t * Math.PI * 0.25;
                c[i] = (float)((Cs[i, 0] * s0 + Cs[i, 1] * c0) / (y * y));
            }
            else c[i] = 1e30f;
            sum += c[i];
        }
        sum = 1f / sum;
        for (int i = 0; i < Taps; i++) c[i] *= sum;
    }

    /// <summary>OpenCV's VResizeLanczos4 for bytes: <c>(Σ S·b + 2^21) &gt;&gt; 22</c>, tap by tap over the row (integer, so in any order).</summary>
    static void Vertical(int[][] rows, ReadOnlySpan<short> beta, Span<byte> dst)
    {
        int width = dst.Length;
        var sum = ArrayPool<int>.Shared.Rent(width);
        try
        {
            var acc = sum.AsSpan(0, width);
            acc.Clear();
            for (int k = 0; k < Taps; k++) MultiplyAdd(rows[k].AsSpan(0, width), beta[k], acc);
            for (int x = 0; x < width; x++) dst[x] = CvFixedPoint.CastTwoPasses(acc[x]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sum);
        }
    }

    /// <summary><c>acc += row · b</c>, a vector at a time.</summary>
    static void MultiplyAdd(ReadOnlySpan<int> row, int b, Span<int> acc)
    {
        int x = 0;
        var vb = new Vector<int>(b);
        for (; x + Vector<int>.Count <= acc.Length; x += Vector<int>.Count)
            (new Vector<int>(acc[x..]) + new Vector<int>(row[x..]) * vb).CopyTo(acc[x..]);
        for (; x < acc.Length; x++) acc[x] += row[x] * b;
    }
}
