using Detect.Transforms;

namespace Detect.Data;

/// <summary>
/// MMEngine's <c>ClassBalancedDataset</c> (LVIS's repeat-factor sampling): with <c>f(c)</c> the fraction of images that
/// contain category <c>c</c>, the category repeat factor is <c>r(c) = max(1, √(t / f(c)))</c> for the threshold
/// <c>t = oversample_thr</c>; an image's factor is the largest <c>r(c)</c> of its categories (1 without instances), and
/// the image appears <c>⌈r(I)⌉</c> times in a row.
/// </summary>
/// <param name="dataset">The dataset to rebalance.</param>
/// <param name="oversampleThr"><c>oversample_thr</c>: categories in fewer than this fraction of images are repeated.</param>
/// <param name="pipeline">A pipeline replacing the inner dataset's, or none.</param>
public sealed class ClassBalancedDataset(IDetectionDataset dataset, double oversampleThr, IReadOnlyList<ITransform>? pipeline = null)
    : DatasetWrapper([dataset], Map(dataset, oversampleThr), pipeline, "ClassBalancedDataset")
{
    /// <summary><c>oversample_thr</c>.</summary>
    public double OversampleThr { get; } = oversampleThr;

    /// <summary>Each inner image's repeat factor <c>r(I)</c>, in index order (MMEngine's <c>_get_repeat_factors</c>).</summary>
    public static double[] RepeatFactors(IDetectionDataset dataset, double oversampleThr)
    {
        var infos = dataset.DataInfos;
        // get_cat_ids: the labels of every instance, ignored ones included.
        var categories = infos.Select(info => info.Instances.Select(i => i.BboxLabel).ToHashSet()).ToArray();
        var frequency = categories.SelectMany(c => c).GroupBy(c => c).ToDictionary(g => g.Key, g => (double)g.Count() / infos.Count);
        var repeat = frequency.ToDictionary(kv => kv.Key, kv => Math.Max(1.0, Math.Sqrt(oversampleThr / kv.Value)));
        return [.. categories.Select(c => c.Count == 0 ? 1.0 : c.Max(id => repeat[id]))];
    }

    static IEnumerable<(IDetectionDataset, int)> Map(IDetectionDataset dataset, double oversampleThr)
    {
        if (oversampleThr is <= 0 or > 1)
            throw new ArgumentException($"ClassBalancedDataset: oversample_thr must be in (0, 1], got {oversampleThr}.", nameof(oversampleThr));
        var factors = RepeatFactors(dataset, oversampleThr);
        return factors.SelectMany((f, i) => Enumerable.Repeat((dataset, i), (int)Math.Ceiling(f)));
    }
}
