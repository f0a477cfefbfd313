namespace Detect.Analysis.ErrorAnalysis;

/// <summary>
/// The result of <see cref="CocoErrorAnalysis"/>: precision at each recall point for the seven error types, per
/// category and area range, after MMDetection's clean-up (−1 set to 0, BG = 1 where Oth is positive, FN = 1).
/// </summary>
/// <remarks>
/// Types, each a PR curve that lifts the one before by forgiving one more kind of error (Detectron's breakdown):
/// C75 and C50 (COCO precision at IoU 0.75 and 0.5), Loc (IoU 0.1: localization errors forgiven), Sim (confusion with
/// a category of the same supercategory forgiven), Oth (confusion with any category forgiven), BG (background false
/// positives forgiven) and FN (everything: precision 1).
/// </remarks>
public sealed class ErrorBreakdown
{
    /// <summary>The seven types, in order.</summary>
    public static IReadOnlyList<string> Types { get; } = ["C75", "C50", "Loc", "Sim", "Oth", "BG", "FN"];

    /// <summary>MMDetection's names of the four area ranges (all, small, medium, large).</summary>
    public static IReadOnlyList<string> AreaNames { get; } = ["allarea", "small", "medium", "large"];

    readonly double[] ps;   // [type, recall point, category, area] as MMDetection's ps[..., 0]

    internal ErrorBreakdown(double[] ps, IReadOnlyList<double> recThrs, IReadOnlyList<long> catIds, IReadOnlyList<string> categoryNames)
    {
        this.ps = ps;
        RecThrs = recThrs;
        CatIds = catIds;
        CategoryNames = categoryNames;
    }

    /// <summary>The 101 recall points.</summary>
    public IReadOnlyList<double> RecThrs { get; }

    /// <summary>Category ids, ascending (pycocotools' order).</summary>
    public IReadOnlyList<long> CatIds { get; }

    /// <summary>Category names, in <see cref="CatIds"/> order.</summary>
    public IReadOnlyList<string> CategoryNames { get; }

    int R => RecThrs.Count;

    int K => CatIds.Count;

    /// <summary>Precision of type <paramref name="type"/> at recall point r for category k and area range a.</summary>
    public double Precision(int type, int r, int k, int a) => ps[((type * R + r) * K + k) * 4 + a];

    internal void Set(int type, int r, int k, int a, double value) => ps[((type * R + r) * K + k) * 4 + a] = value;

    /// <summary>
    /// The curve MMDetection plots: per category the precision itself, for all categories (k null) the mean over
    /// categories at each recall point (categories without ground truth count as 0, as there).
    /// </summary>
    public double[] Curve(int type, int? k, int area) =>
        [.. Enumerable.Range(0, R).Select(r => k is { } c ? Precision(type, r, c, area) : Enumerable.Range(0, K).Average(c => Precision(type, r, c, area)))];

    /// <summary>The number in the legend (<c>[0.xxx]C75</c>): the mean over recall points (and categories).</summary>
    public double Ap(int type, int? k, int area) =>
        k is { } c ? Curve(type, c, area).Average() : Enumerable.Range(0, R).SelectMany(r => Enumerable.Range(0, K).Select(c => Precision(type, r, c, area))).Average();
}
