namespace Detect.Datasets;

/// <summary>How strictly a COCO annotation file is read.</summary>
/// <param name="SkipInvalid">
/// False (default): the first malformed image, category or annotation (unknown image or category,
/// negative box size, wrong segmentation type, missing field, duplicate id) throws a
/// <see cref="CocoFormatException"/>. True: such records are left out, counted and listed in
/// <see cref="CocoAnnotationFile.SkippedRecords"/>. A file that is not valid JSON (truncated, say)
/// always throws.
/// </param>
public sealed record CocoLoadOptions(bool SkipInvalid = false)
{
    /// <summary>Strict reading (the default).</summary>
    public static CocoLoadOptions Strict { get; } = new();
}
