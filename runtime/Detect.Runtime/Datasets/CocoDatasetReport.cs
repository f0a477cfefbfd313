namespace Detect.Datasets;

/// <summary>
/// What <see cref="CocoDataset"/> left out and why, so nothing is dropped silently: malformed records
/// (only with <c>skipInvalid</c>), instances MMDetection's <c>parse_data_info</c> drops, and images
/// its <c>filter_data</c> drops.
/// </summary>
public sealed record CocoDatasetReport
{
    /// <summary>Malformed records skipped while reading (only when skipping was asked for).</summary>
    public IReadOnlyList<CocoRecordIssue> SkippedRecords { get; init; } = [];

    /// <summary>Annotations with <c>ignore</c> set.</summary>
    public int IgnoredAnnotations { get; init; }

    /// <summary>Boxes that do not overlap their image.</summary>
    public int BoxesOutsideImage { get; init; }

    /// <summary>Boxes with <c>area</c> ≤ 0 or width or height below one pixel.</summary>
    public int DegenerateBoxes { get; init; }

    /// <summary>Annotations of categories outside the class selection.</summary>
    public int UnselectedCategoryAnnotations { get; init; }

    /// <summary>Images dropped by <c>filterEmptyGt</c>: no annotation of a selected class.</summary>
    public int ImagesWithoutSelectedAnnotations { get; init; }

    /// <summary>Images dropped by <c>minSize</c>.</summary>
    public int ImagesBelowMinSize { get; init; }

    /// <summary>One line per nonzero count, for logs.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(int n, string what) { if (n > 0) parts.Add($"{n} {what}"); }
        Add(SkippedRecords.Count, "malformed records skipped");
        Add(IgnoredAnnotations, "annotations with 'ignore' set");
        Add(BoxesOutsideImage, "boxes outside their image");
        Add(DegenerateBoxes, "boxes with area <= 0 or a side < 1 px");
        Add(UnselectedCategoryAnnotations, "annotations of unselected categories");
        Add(ImagesWithoutSelectedAnnotations, "images without annotations of the selected classes (filterEmptyGt)");
        Add(ImagesBelowMinSize, "images smaller than minSize");
        return parts.Count == 0 ? "nothing left out" : "left out: " + string.Join("; ", parts);
    }
}
