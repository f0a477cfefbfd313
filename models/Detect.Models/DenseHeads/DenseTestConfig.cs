using Detect.Models.PostProcessing;

namespace Detect.Models.DenseHeads;

/// <summary>
/// A dense head's <c>test_cfg</c> (and the RPN's proposal settings, <c>test_cfg.rpn</c> / <c>train_cfg.rpn_proposal</c>).
/// </summary>
/// <param name="nmsPre"><c>nms_pre</c>: candidates kept per level before NMS (not positive: all).</param>
/// <param name="scoreThr"><c>score_thr</c>: scores must exceed it (RPN: unused).</param>
/// <param name="nms"><c>nms</c>; null: <c>dict(type='nms', iou_threshold=0.5)</c>.</param>
/// <param name="maxPerImg"><c>max_per_img</c>: detections kept per image.</param>
/// <param name="minBboxSize"><c>min_bbox_size</c>: boxes must be wider and taller than it; negative: no check.</param>
/// <param name="nmsPrePerClass"><paramref name="nmsPre"/> counts per class over all levels (torchvision SSD's <c>topk_candidates</c>).</param>
/// <param name="clipAfterNms">After NMS and <paramref name="maxPerImg"/>, clip the (rescaled) boxes to the image they are on and drop
/// empty ones (Detectron2's <c>detector_postprocess</c>; with a coder that does not clip, Detectron2's dense detectors).</param>
public sealed class DenseTestConfig(int nmsPre = 1000, double scoreThr = 0.05, NmsConfig? nms = null, int maxPerImg = 100, double minBboxSize = 0,
    bool nmsPrePerClass = false, bool clipAfterNms = false)
{
    /// <summary><c>nms_pre</c>.</summary>
    public int NmsPre { get; } = nmsPre;

    /// <summary><c>score_thr</c>.</summary>
    public double ScoreThr { get; } = scoreThr;

    /// <summary><c>nms</c>.</summary>
    public NmsConfig Nms { get; } = nms ?? new NmsConfig();

    /// <summary><c>max_per_img</c>.</summary>
    public int MaxPerImg { get; } = maxPerImg;

    /// <summary><c>min_bbox_size</c>.</summary>
    public double MinBboxSize { get; } = minBboxSize;

    /// <summary>Whether <see cref="NmsPre"/> counts per class over all levels.</summary>
    public bool NmsPrePerClass { get; } = nmsPrePerClass;

    /// <summary>Whether boxes are clipped to the image, and empty ones dropped, after NMS (Detectron2's <c>detector_postprocess</c>).</summary>
    public bool ClipAfterNms { get; } = clipAfterNms;
}
