using Detect.Models.PostProcessing;

namespace Detect.Models.RoIHeads;

/// <summary>The R-CNN stage's <c>test_cfg.rcnn</c>.</summary>
/// <param name="scoreThr"><c>score_thr</c>: (box, class) scores must exceed it.</param>
/// <param name="nms"><c>nms</c>; null: <c>dict(type='nms', iou_threshold=0.5)</c>.</param>
/// <param name="maxPerImg"><c>max_per_img</c>.</param>
/// <param name="maskThrBinary"><c>mask_thr_binary</c>: pasted mask probabilities at or above it are foreground.</param>
/// <param name="minBboxSize">Not in MMDetection (which keeps every box): when not negative, boxes not wider and taller than
/// it are dropped before NMS, as torchvision's box head does (0.01).</param>
public sealed class RcnnTestConfig(double scoreThr = 0.05, NmsConfig? nms = null, int maxPerImg = 100, double maskThrBinary = 0.5, double minBboxSize = -1)
{
    /// <summary><c>score_thr</c>.</summary>
    public double ScoreThr { get; } = scoreThr;

    /// <summary><c>nms</c>.</summary>
    public NmsConfig Nms { get; } = nms ?? new NmsConfig();

    /// <summary><c>max_per_img</c>.</summary>
    public int MaxPerImg { get; } = maxPerImg;

    /// <summary><c>mask_thr_binary</c>.</summary>
    public double MaskThrBinary { get; } = maskThrBinary;

    /// <summary>torchvision's small-box removal; negative: off.</summary>
    public double MinBboxSize { get; } = minBboxSize;
}
