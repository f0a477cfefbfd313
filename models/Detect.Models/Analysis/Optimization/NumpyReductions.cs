namespace Detect.Models.Analysis.Optimization;

/// <summary>
/// numpy's float64 <c>sum</c>, <c>mean</c> and <c>std</c> over a contiguous array, in numpy's order of additions
/// (pairwise summation in blocks of 128, eight accumulators), so results equal numpy's to the last bit.
/// </summary>
public static class NumpyReductions
{
    /// <summary><c>np.sum(values)</c>.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

    /// <summary><c>np.mean(values)</c>.</summary>
    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary><c>np.std(values)</c> (population, ddof 0).</summary>
    public static double Std(ReadOnlySpan<double> values)
    {
        double mean = Mean(values);
        var squares = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double d = values[i] - mean;
            squares[i] = d * d;
        }
        return Math.Sqrt(Sum(squares) / values.Length);
    }

    static double Pairwise(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = -0.0;
            foreach (var v in a) res += v;
            return res;
        }
        if (n <= 128)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            int i = 8;
            for (; i < n - n % 8; i += 8)
                for (int k = 0; k < 8; k++) r[k] += a[i + k];
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }
}
