using Detect.Datasets;

namespace Detect.Evaluation;

/// <summary>
/// COCO evaluation identical to pycocotools' <c>COCOeval</c> (evaluate → accumulate → summarize) for
/// boxes and masks, per category or class-agnostic. Images and categories are evaluated in parallel;
/// the numbers do not depend on the order they finish in.
/// </summary>
/// <example>
/// <code>
/// var gt = CocoAnnotationFile.Load("instances_val2017.json");
/// var results = CocoResultsJson.Load("results.bbox.json");
/// CocoEvalResult r = CocoEval.Run(gt, results, CocoEvalParams.Bbox);
/// Console.WriteLine(r.Summary());   // pycocotools' 12 lines; r.Stats holds the numbers
/// </code>
/// </example>
public static class CocoEval
{
    /// <summary>Evaluates <paramref name="results"/> against <paramref name="gt"/>.</summary>
    /// <param name="gt">Ground truth.</param>
    /// <param name="results">Detections in the COCO results format.</param>
    /// <param name="parameters">What to evaluate; <see cref="CocoEvalParams.Bbox"/> when null.</param>
    /// <param name="resultsSource">Where the results came from, for error messages.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; −1 (default) for all cores, 1 to run on the calling thread only.</param>
    /// <exception cref="CocoFormatException">A result for an unknown image, or a missing box/mask (see <see cref="CocoResult"/>).</exception>
    public static CocoEvalResult Run(CocoAnnotationFile gt, IReadOnlyList<CocoResult> results, CocoEvalParams? parameters = null, string resultsSource = "results", int maxDegreeOfParallelism = -1)
    {
        var p = parameters ?? CocoEvalParams.Bbox;
        var gtSide = EvalSideBuilder.GroundTruth(gt);
        var dtSide = EvalSideBuilder.Detections(gt, results, resultsSource);
        return Run(gt, gtSide, dtSide, p, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });
    }

    internal static CocoEvalResult Run(CocoAnnotationFile gt, EvalSide gtSide, EvalSide dtSide, CocoEvalParams p, ParallelOptions parallel)
    {
        // evaluate(): np.unique on ids, sorted maxDets.
        long[] imgIds = (p.ImgIds ?? gt.Images.Select(i => i.Id).ToList()).Distinct().Order().ToArray();
        long[] catIds = (p.CatIds ?? gt.Categories.Select(c => c.Id).ToList()).Distinct().Order().ToArray();
        int[] maxDets = [.. p.MaxDets.Order()];
        int I = imgIds.Length, C = catIds.Length;

        var imgIndex = imgIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var catIndex = catIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        // Class-agnostic groups are per image, categories in id order within (pycocotools concatenates _gts[img, cat] over catIds).
        int Key(in EvalObject o) =>
            imgIndex.TryGetValue(o.ImageId, out int i) && catIndex.TryGetValue(o.CategoryId, out int k)
                ? (p.UseCats ? k * I + i : i * C + k)
                : -1;
        var gtGroups = new GroupIndex(gtSide.Objects.Select(o => Key(o)).ToArray(), C * I);
        var dtGroups = new GroupIndex(dtSide.Objects.Select(o => Key(o)).ToArray(), C * I);
        if (p.IouType == IouType.Segm)
        {
            gtSide.PrepareMasks(gtGroups.All, i => $"annotation id {gtSide.Objects[i].Id}", parallel);
            dtSide.PrepareMasks(dtGroups.All, i => $"result #{i}", parallel);
        }

        int K = p.UseCats ? C : 1;
        var evaluator = new ImageEvaluator(gtSide, dtSide, p, maxDets);
        var evals = new ImageEval?[K * I];
        Parallel.For(0, K * I, parallel, index =>
        {
            // Group layout: per category then image (UseCats), or per image with its C category groups side by side.
            int k = index / I, i = index % I;
            evals[index] = p.UseCats
                ? evaluator.Evaluate(gtGroups[k * I + i], dtGroups[k * I + i])
                : evaluator.Evaluate(gtGroups.Range(i * C, C), dtGroups.Range(i * C, C));
        });

        var arrays = new CocoEvalArrays(p.IouThrs.Count, p.RecThrs.Count, K, p.AreaRanges.Count, maxDets.Length);
        var accumulator = new Accumulator(p, maxDets, arrays);
        Parallel.For(0, K, parallel, k =>
        {
            var images = new List<ImageEval>();
            for (int i = 0; i < I; i++) if (evals[k * I + i] is { } e) images.Add(e);
            accumulator.Accumulate(k, images);
        });
        return new CocoEvalResult(p with { ImgIds = imgIds, CatIds = catIds, MaxDets = maxDets }, arrays, catIds);
    }
}
