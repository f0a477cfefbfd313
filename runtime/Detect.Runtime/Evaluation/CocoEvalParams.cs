namespace Detect.Evaluation;

/// <summary>
/// pycocotools' <c>Params</c> for box and mask evaluation. Defaults are pycocotools' (10 IoU
/// thresholds .50:.05:.95, 101 recall points, maxDets 1/10/100, the all/small/medium/large area
/// ranges with inclusive bounds, per-category evaluation); <see cref="Proposal"/> gives
/// MMDetection's proposal metric.
/// </summary>
public sealed record CocoEvalParams
{
    /// <summary>Boxes or masks.</summary>
    public IouType IouType { get; init; } = IouType.Bbox;

    /// <summary>Images to evaluate; null means every image of the ground truth. Sorted and de-duplicated before use.</summary>
    public IReadOnlyList<long>? ImgIds { get; init; }

    /// <summary>Categories to evaluate; null means every category of the ground truth. Sorted and de-duplicated before use.</summary>
    public IReadOnlyList<long>? CatIds { get; init; }

    /// <summary>IoU thresholds (<c>np.linspace(.5, .95, 10)</c>).</summary>
    public IReadOnlyList<double> IouThrs { get; init; } = NumpyMath.Linspace(.5, 0.95, 10);

    /// <summary>Recall points (<c>np.linspace(0, 1, 101)</c>).</summary>
    public IReadOnlyList<double> RecThrs { get; init; } = NumpyMath.Linspace(0, 1, 101);

    /// <summary>Detections per image considered, ascending; the largest also truncates before matching.</summary>
    public IReadOnlyList<int> MaxDets { get; init; } = [1, 10, 100];

    /// <summary>Object area ranges, both bounds inclusive, with their labels.</summary>
    public IReadOnlyList<AreaRange> AreaRanges { get; init; } = AreaRange.Coco;

    /// <summary>Evaluate per category (false: class-agnostic, as for proposals).</summary>
    public bool UseCats { get; init; } = true;

    /// <summary>Box evaluation as pycocotools.</summary>
    public static CocoEvalParams Bbox { get; } = new();

    /// <summary>Mask evaluation as pycocotools.</summary>
    public static CocoEvalParams Segm { get; } = new() { IouType = IouType.Segm };

    /// <summary>MMDetection's 'proposal' metric: class-agnostic box recall at 100/300/1000 proposals.</summary>
    public static CocoEvalParams Proposal { get; } = new() { UseCats = false, MaxDets = [100, 300, 1000] };
}

/// <summary>An object-area range for evaluation; a box counts when Min ≤ area ≤ Max.</summary>
/// <param name="Label">Name used in summaries: all, small, medium, large.</param>
/// <param name="Min">Lower bound, inclusive.</param>
/// <param name="Max">Upper bound, inclusive.</param>
public sealed record AreaRange(string Label, double Min, double Max)
{
    /// <summary>COCO's ranges: all [0, 1e10], small [0, 32²], medium [32², 96²], large [96², 1e10].</summary>
    public static IReadOnlyList<AreaRange> Coco { get; } =
    [
        new("all", 0, 1e5 * 1e5), new("small", 0, 32 * 32), new("medium", 32 * 32, 96 * 96), new("large", 96 * 96, 1e5 * 1e5),
    ];
}
