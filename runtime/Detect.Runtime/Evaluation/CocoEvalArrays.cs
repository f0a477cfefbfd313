namespace Detect.Evaluation;

/// <summary>
/// pycocotools' <c>eval['precision']</c> [T×R×K×A×M] and <c>eval['recall']</c> [T×K×A×M], −1 where a
/// category has no ground truth for an area range (left out of every mean).
/// </summary>
public sealed class CocoEvalArrays
{
    private readonly double[] _precision;
    private readonly double[] _recall;

    /// <summary>Creates arrays filled with −1.</summary>
    public CocoEvalArrays(int t, int r, int k, int a, int m)
    {
        (T, R, K, A, M) = (t, r, k, a, m);
        _precision = new double[t * r * k * a * m];
        _recall = new double[t * k * a * m];
        Array.Fill(_precision, -1.0);
        Array.Fill(_recall, -1.0);
    }

    /// <summary>Number of IoU thresholds.</summary>
    public int T { get; }

    /// <summary>Number of recall points.</summary>
    public int R { get; }

    /// <summary>Number of categories (1 when class-agnostic).</summary>
    public int K { get; }

    /// <summary>Number of area ranges.</summary>
    public int A { get; }

    /// <summary>Number of maxDets values.</summary>
    public int M { get; }

    /// <summary>Interpolated precision at IoU threshold t, recall point r, category k, area a, maxDets m.</summary>
    public double Precision(int t, int r, int k, int a, int m) => _precision[(((t * R + r) * K + k) * A + a) * M + m];

    /// <summary>Recall at IoU threshold t, category k, area a, maxDets m.</summary>
    public double Recall(int t, int k, int a, int m) => _recall[((t * K + k) * A + a) * M + m];

    internal void SetPrecision(int t, int r, int k, int a, int m, double value) => _precision[(((t * R + r) * K + k) * A + a) * M + m] = value;

    internal void SetRecall(int t, int k, int a, int m, double value) => _recall[((t * K + k) * A + a) * M + m] = value;
}
