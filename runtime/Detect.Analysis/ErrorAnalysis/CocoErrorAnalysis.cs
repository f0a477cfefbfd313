using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.ErrorAnalysis;

/// <summary>
/// MMDetection's <c>coco_error_analysis.py</c> (Detectron's analysis): COCOeval at IoU 0.75, 0.5 and 0.1 with
/// maxDets 100 gives C75, C50 and Loc; then for each category its own detections are evaluated at IoU 0.1 twice,
/// once with the other categories of its supercategory turned into crowd (ignored) boxes of this category (Sim),
/// once with all other categories so turned (Oth). BG is 1 wherever Oth's precision is positive, FN is 1.
/// </summary>
/// <remarks>
/// Categories are indexed in ascending id order, pycocotools' order; MMDetection pairs that index with the file's
/// category order, which agrees when the file lists categories by id. A category without a supercategory is grouped
/// with the other categories that have none.
/// </remarks>
public static class CocoErrorAnalysis
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="gt">Ground truth.</param>
    /// <param name="results">Detections (COCO results).</param>
    /// <param name="iouType">Boxes or masks.</param>
    /// <param name="areas">The three area bounds (MMDetection's <c>--areas</c>, default 32², 96², 1e10): ranges [0, a3], [0, a1], [a1, a2], [a2, a3].</param>
    /// <param name="resultsSource">Where the results came from, for messages.</param>
    public static ErrorBreakdown Run(CocoAnnotationFile gt, IReadOnlyList<CocoResult> results, IouType iouType = IouType.Bbox,
        IReadOnlyList<double>? areas = null, string resultsSource = "results")
    {
        areas ??= [1024, 9216, 1e10];
        if (areas.Count != 3) throw new AnalysisException($"--areas takes 3 numbers (the small/medium/large bounds), got {areas.Count}.");
        var ranges = new AreaRange[]
        {
            new("all", 0, areas[2]), new("small", 0, areas[0]), new("medium", areas[0], areas[1]), new("large", areas[1], areas[2]),
        };
        var overall = new CocoEvalParams { IouType = iouType, IouThrs = [0.75, 0.5, 0.1], MaxDets = [100], AreaRanges = ranges };
        var first = CocoEval.Run(gt, results, overall, resultsSource);
        var catIds = first.CatIds;
        int R = overall.RecThrs.Count, K = catIds.Count;
        var names = catIds.Select(id => gt.FindCategory(id)!.Name).ToList();
        var breakdown = new ErrorBreakdown(new double[7 * R * K * 4], overall.RecThrs, catIds, names);
        for (int t = 0; t < 3; t++)
            for (int r = 0; r < R; r++)
                for (int k = 0; k < K; k++)
                    for (int a = 0; a < 4; a++) breakdown.Set(t, r, k, a, first.Arrays.Precision(t, r, k, a, 0));

        var perCategory = overall with { IouThrs = [0.1] };
        for (int k = 0; k < K; k++)
        {
            long catId = catIds[k];
            var own = results.Where(d => d.CategoryId == catId).ToList();
            string? super = gt.FindCategory(catId)!.Supercategory;
            var siblings = gt.Categories.Where(c => c.Supercategory == super).Select(c => c.Id).ToHashSet();
            // Evaluating this category alone gives the same numbers as pycocotools' evaluation of all, read at k.
            var p = perCategory with { CatIds = [catId] };
            var sim = CocoEval.Run(Forgive(gt, catId, siblings.Contains), own, p, resultsSource);
            var oth = CocoEval.Run(Forgive(gt, catId, _ => true), own, p, resultsSource);
            for (int r = 0; r < R; r++)
            {
                for (int a = 0; a < 4; a++)
                {
                    breakdown.Set(3, r, k, a, sim.Arrays.Precision(0, r, 0, a, 0));
                    breakdown.Set(4, r, k, a, oth.Arrays.Precision(0, r, 0, a, 0));
                }
            }
        }
        // ps[ps == -1] = 0; BG = Oth > 0; FN = 1.
        for (int t = 0; t < 5; t++)
            for (int r = 0; r < R; r++)
                for (int k = 0; k < K; k++)
                    for (int a = 0; a < 4; a++)
                        if (breakdown.Precision(t, r, k, a) == -1) breakdown.Set(t, r, k, a, 0);
        for (int r = 0; r < R; r++)
            for (int k = 0; k < K; k++)
                for (int a = 0; a < 4; a++)
                {
                    breakdown.Set(5, r, k, a, breakdown.Precision(4, r, k, a) > 0 ? 1 : 0);
                    breakdown.Set(6, r, k, a, 1);
                }
        return breakdown;
    }

    /// <summary>Ground truth where annotations of other categories that <paramref name="forgiven"/> selects become ignored crowd boxes of <paramref name="catId"/>.</summary>
    static CocoAnnotationFile Forgive(CocoAnnotationFile gt, long catId, Func<long, bool> forgiven) =>
        gt.WithAnnotations([.. gt.Annotations.Select(a => a.CategoryId != catId && forgiven(a.CategoryId)
            ? a with { CategoryId = catId, IsCrowd = true, Ignore = true }
            : a)]);
}
