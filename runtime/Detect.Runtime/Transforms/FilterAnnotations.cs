namespace Detect.Transforms;

/// <summary>
/// Removes instances whose box is too small or whose mask is too small (MMDetection's
/// <c>FilterAnnotations</c>): a box is kept when its width AND height exceed <c>minGtBboxWh</c>
/// (strictly); a mask when its area is at least <c>minGtMaskArea</c>.
/// </summary>
/// <remarks>
/// <c>keepEmpty</c> keeps MMDetection's meaning, which reads backwards: when nothing passes and
/// <c>keepEmpty</c> is true, the sample is dropped (null); when false, the sample continues with no
/// instances. Images that had no instances to begin with always pass through.
/// </remarks>
public sealed class FilterAnnotations : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="minGtBboxWh">Minimum (width, height); boxes must exceed both.</param>
    /// <param name="minGtMaskArea">Minimum mask area in pixels.</param>
    /// <param name="byBox">Filter by box size.</param>
    /// <param name="byMask">Filter by mask area (needs masks).</param>
    /// <param name="keepEmpty">Drop the sample when nothing remains (MMDetection's naming).</param>
    public FilterAnnotations((double W, double H)? minGtBboxWh = null, int minGtMaskArea = 1, bool byBox = true,
        bool byMask = false, bool keepEmpty = true)
    {
        if (!byBox && !byMask) throw new ArgumentException("FilterAnnotations needs byBox or byMask.");
        MinGtBboxWh = minGtBboxWh ?? (1, 1);
        MinGtMaskArea = minGtMaskArea;
        ByBox = byBox;
        ByMask = byMask;
        KeepEmpty = keepEmpty;
    }

    /// <summary>Minimum box (width, height).</summary>
    public (double W, double H) MinGtBboxWh { get; }

    /// <summary>Minimum mask area.</summary>
    public int MinGtMaskArea { get; }

    /// <summary>Whether boxes are tested.</summary>
    public bool ByBox { get; }

    /// <summary>Whether masks are tested.</summary>
    public bool ByMask { get; }

    /// <summary>Whether a sample left with nothing is dropped.</summary>
    public bool KeepEmpty { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("minGtBboxWh", MinGtBboxWh), ("minGtMaskArea", MinGtMaskArea), ("byBox", ByBox), ("byMask", ByMask),
         ("keepEmpty", KeepEmpty)];

    /// <inheritdoc />
    public override PipelineSample? Apply(PipelineSample input, TransformContext context)
    {
        var gt = input.RequireGt(nameof(FilterAnnotations));
        if (gt.Count == 0) return input;
        var keep = new bool[gt.Count];
        int[]? areas = null;
        if (ByMask)
            areas = (gt.Masks ?? throw new InvalidOperationException(
                $"FilterAnnotations(byMask: true) needs masks, but {input.Info.ImgPath} has none: load them with LoadAnnotations(withMask: true).")).Areas();
        for (int i = 0; i < gt.Count; i++)
        {
            bool ok = true;
            if (ByBox) ok = BoxOps.Width(gt.Bboxes, i) > MinGtBboxWh.W && BoxOps.Height(gt.Bboxes, i) > MinGtBboxWh.H;
            if (areas is not null) ok &= areas[i] >= MinGtMaskArea;
            keep[i] = ok;
        }
        if (!keep.Contains(true) && KeepEmpty) return null;
        return input with { Gt = gt.Where(keep) };
    }
}
