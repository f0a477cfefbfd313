namespace Detect.Transforms;

/// <summary>
/// The ground truth of one image while it travels through the pipeline (MMDetection's
/// <c>gt_bboxes</c>, <c>gt_bboxes_labels</c>, <c>gt_ignore_flags</c>, <c>gt_masks</c>).
/// </summary>
/// <param name="Bboxes">N×4 xyxy boxes in pixels of the current image, flattened row by row.</param>
/// <param name="Labels">N labels in 0..K−1.</param>
/// <param name="IgnoreFlags">N flags; true marks boxes to ignore (crowd regions, invalid masks).</param>
/// <param name="Masks">N masks at the current image size, when masks were loaded.</param>
public sealed record GtAnnotations(float[] Bboxes, long[] Labels, bool[] IgnoreFlags, BitmapMasks? Masks = null)
{
    /// <summary>Number of instances.</summary>
    public int Count => Labels.Length;

    /// <summary>No instances (and no masks unless <paramref name="masksHeight"/> is given).</summary>
    public static GtAnnotations Empty(int? masksHeight = null, int masksWidth = 0) =>
        new([], [], [], masksHeight is { } h ? BitmapMasks.Empty(h, masksWidth) : null);

    /// <summary>The instances whose <paramref name="keep"/> flag is set, in order.</summary>
    public GtAnnotations Where(IReadOnlyList<bool> keep)
    {
        if (keep.Count != Count) throw new ArgumentException($"Expected {Count} flags, got {keep.Count}.", nameof(keep));
        var indices = new List<int>(Count);
        for (int i = 0; i < Count; i++)
            if (keep[i]) indices.Add(i);
        return indices.Count == Count ? this : Select(indices);
    }

    /// <summary>The instances at <paramref name="indices"/>, in that order.</summary>
    public GtAnnotations Select(IReadOnlyList<int> indices)
    {
        var boxes = new float[indices.Count * 4];
        var labels = new long[indices.Count];
        var ignore = new bool[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            Array.Copy(Bboxes, i * 4, boxes, k * 4, 4);
            labels[k] = Labels[i];
            ignore[k] = IgnoreFlags[i];
        }
        return new GtAnnotations(boxes, labels, ignore, Masks?.Select(indices));
    }

    /// <summary>These instances followed by <paramref name="other"/>'s (masks only when both have them).</summary>
    public GtAnnotations Concat(GtAnnotations other) =>
        new([.. Bboxes, .. other.Bboxes], [.. Labels, .. other.Labels], [.. IgnoreFlags, .. other.IgnoreFlags],
            Masks is not null && other.Masks is not null ? Masks.Concat(other.Masks) : null);
}
