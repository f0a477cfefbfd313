namespace Detect.Evaluation;

/// <summary>
/// One row of MMDetection's classwise table (<c>CocoMetric(classwise=True)</c>): a category's AP over
/// IoU .50:.95, at IoU .50 and .75, and for small/medium/large objects, all at the largest maxDets.
/// NaN where the category has no ground truth in that slice.
/// </summary>
/// <param name="CategoryId">Category id.</param>
/// <param name="Name">Category name.</param>
/// <param name="MAP">AP over all IoU thresholds, all areas.</param>
/// <param name="MAP50">AP at the first IoU threshold (0.50).</param>
/// <param name="MAP75">AP at the sixth IoU threshold (0.75).</param>
/// <param name="MAPSmall">AP over all thresholds, small objects.</param>
/// <param name="MAPMedium">AP over all thresholds, medium objects.</param>
/// <param name="MAPLarge">AP over all thresholds, large objects.</param>
public sealed record ClasswiseAp(long CategoryId, string Name, double MAP, double MAP50, double MAP75, double MAPSmall, double MAPMedium, double MAPLarge)
{
    internal static IReadOnlyList<ClasswiseAp> Compute(CocoEvalResult result, Func<long, string> categoryName)
    {
        var x = result.Arrays;
        if (!result.Params.UseCats) throw new InvalidOperationException("Per-class AP needs per-category evaluation (UseCats).");
        int m = x.M - 1;
        var all = Enumerable.Range(0, x.T).ToArray();
        // MMDetection indexes IoU thresholds 0 and 5 (0.50 and 0.75 with the default thresholds) and areas 1..3.
        return result.CatIds.Select((id, k) => new ClasswiseAp(
            id, categoryName(id),
            Mean(x, all, k, 0, m), Mean(x, [0], k, 0, m), Mean(x, x.T > 5 ? [5] : [], k, 0, m),
            Mean(x, all, k, 1, m), Mean(x, all, k, 2, m), Mean(x, all, k, 3, m))).ToList();
    }

    private static double Mean(CocoEvalArrays x, int[] ts, int k, int a, int m)
    {
        if (a >= x.A) return double.NaN;
        var values = new List<double>();
        foreach (int t in ts)
            for (int r = 0; r < x.R; r++)
            {
                double v = x.Precision(t, r, k, a, m);
                if (v > -1) values.Add(v);
            }
        return values.Count == 0 ? double.NaN : NumpyMath.Mean(values.ToArray());
    }
}
