using System.Numerics;

namespace Detect.Evaluation;

/// <summary>
/// The two numpy computations whose rounding shows in COCO's numbers, reproduced operation for
/// operation so that results are bit-identical to pycocotools rather than merely close.
/// </summary>
internal static class NumpyMath
{
    /// <summary>numpy's reduction buffer: a long sum is the sequential sum of pairwise sums of 8192-element blocks.</summary>
    private const int ReduceBlock = 8192;

    /// <summary>numpy's pairwise-summation leaf size.</summary>
    private const int PairwiseBlock = 128;

    /// <summary><c>np.linspace(start, stop, num)</c>: start + i·step, the last value exactly stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var y = new double[num];
        if (num == 0) return y;
        int div = num - 1;
        double step = div > 0 ? (stop - start) / div : 0;
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        if (num > 1) y[^1] = stop;
        return y;
    }

    /// <summary><c>np.mean</c> of a 1-D float64 array: numpy's blocked pairwise sum divided by the count.</summary>
    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary><c>np.mean</c> of a float32 array: float32 pairwise sum, float32 quotient.</summary>
    public static float MeanFloat32(ReadOnlySpan<float> values) => Sum(values) / values.Length;

    /// <summary><c>np.add.reduce</c> of a contiguous float64 or float32 array, accumulated in that type.</summary>
    public static T Sum<T>(ReadOnlySpan<T> values) where T : IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int start = 0; start < values.Length; start += ReduceBlock)
            total += PairwiseSum(values.Slice(start, Math.Min(ReduceBlock, values.Length - start)));
        return total;
    }

    /// <summary>numpy's <c>pairwise_sum_DOUBLE</c> / <c>pairwise_sum_FLOAT</c>.</summary>
    private static T PairwiseSum<T>(ReadOnlySpan<T> a) where T : IFloatingPointIeee754<T>
    {
        int n = a.Length;
        if (n < 8)
        {
            T res = T.Zero;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= PairwiseBlock)
        {
            T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - n % 8; i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            T res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }
}
