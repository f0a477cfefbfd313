namespace Detect.Inference;

/// <summary>
/// Sliced inference for large images (MMDetection's <c>demo/large_image_demo.py</c>): square patches of
/// <see cref="PatchSize"/> pixels overlapping by <see cref="PatchOverlapRatio"/>, each run through the test pipeline,
/// their predictions shifted back and merged by class-aware NMS at <see cref="MergeIouThr"/>.
/// </summary>
/// <param name="PatchSize"><c>--patch-size</c> (the demo's default 640).</param>
/// <param name="PatchOverlapRatio"><c>--patch-overlap-ratio</c> (0.25).</param>
/// <param name="MergeIouThr"><c>--merge-iou-thr</c>: NMS IoU threshold of the merge (0.25).</param>
public sealed record SliceOptions(int PatchSize = 640, double PatchOverlapRatio = 0.25, double MergeIouThr = 0.25)
{
    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (PatchSize < 1) throw new ArgumentException($"patch size must be positive, got {PatchSize}.");
        if (!(PatchOverlapRatio >= 0 && PatchOverlapRatio < 1)) throw new ArgumentException($"patch overlap ratio must be in [0, 1), got {PatchOverlapRatio}.");
        if (!(MergeIouThr > 0 && MergeIouThr <= 1)) throw new ArgumentException($"merge IoU threshold must be in (0, 1], got {MergeIouThr}.");
    }
}
