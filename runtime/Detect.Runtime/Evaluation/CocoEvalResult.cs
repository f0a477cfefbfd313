namespace Detect.Evaluation;

/// <summary>
/// The outcome of <see cref="CocoEval.Run(Datasets.CocoAnnotationFile, IReadOnlyList{CocoResult}, CocoEvalParams?, string, int)"/>:
/// pycocotools' accumulated arrays, its 12 summary numbers and their printout, and MMDetection's
/// per-class table.
/// </summary>
public sealed class CocoEvalResult
{
    internal CocoEvalResult(CocoEvalParams parameters, CocoEvalArrays arrays, IReadOnlyList<long> catIds)
    {
        Params = parameters;
        Arrays = arrays;
        CatIds = catIds;
        Stats = CocoSummary.Lines(parameters).Select(line => CocoSummary.Value(this, line)).ToArray();
    }

    /// <summary>The parameters used, with image and category ids sorted and maxDets ascending.</summary>
    public CocoEvalParams Params { get; }

    /// <summary>Precision and recall per threshold, recall point, category, area range and maxDets.</summary>
    public CocoEvalArrays Arrays { get; }

    /// <summary>Category id of each index k of <see cref="Arrays"/> (ascending ids, as pycocotools).</summary>
    public IReadOnlyList<long> CatIds { get; }

    /// <summary>
    /// pycocotools' <c>stats</c>: AP, AP50, AP75, AP small/medium/large, AR at each maxDets, AR
    /// small/medium/large (at the largest maxDets); −1 where nothing was evaluated.
    /// </summary>
    public IReadOnlyList<double> Stats { get; }

    /// <summary>MMDetection's name of each of <see cref="Stats"/>: mAP, mAP_50, mAP_75, mAP_s, mAP_m, mAP_l, AR@1, AR@10, AR@100, AR_s@100, ...</summary>
    public IReadOnlyList<string> StatNames => CocoSummary.Names(Params);

    /// <summary>pycocotools' description of each of <see cref="Stats"/>, e.g. "Average Precision (AP) @[ IoU=0.50:0.95 | area=all | maxDets=100 ]".</summary>
    public IReadOnlyList<string> StatDescriptions =>
        CocoSummary.Lines(Params).Select(line => CocoSummary.Describe(Params, line)).ToList();

    /// <summary>The 12 lines pycocotools' <c>summarize()</c> prints.</summary>
    public string Summary() => string.Join(Environment.NewLine, CocoSummary.Lines(Params).Zip(Stats, (line, value) => CocoSummary.Format(Params, line, value)));

    /// <summary>MMDetection's classwise AP table: one row per category, NaN where the category has no ground truth.</summary>
    public IReadOnlyList<ClasswiseAp> Classwise(Func<long, string> categoryName) => ClasswiseAp.Compute(this, categoryName);
}
