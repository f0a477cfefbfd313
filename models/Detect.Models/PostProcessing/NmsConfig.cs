namespace Detect.Models.PostProcessing;

/// <summary>
/// MMCV's <c>nms</c> config (<c>nms=dict(type='nms', iou_threshold=0.5)</c>) as <see cref="BatchedNms"/> reads it.
/// <see cref="SoftNmsSettings"/> derives from it for <c>type='soft_nms'</c>.
/// </summary>
/// <remarks>
/// <para>Below <c>splitThr</c> boxes, per-class suppression is done in one NMS call over boxes shifted apart by
/// class (<c>label · (max coordinate + 1)</c>, MMCV's and torchvision's coordinate trick); from <c>splitThr</c> on,
/// class by class. Both keep the same boxes in exact arithmetic; in float32 the shifted coordinates lose low bits,
/// so a borderline IoU can round differently. MMCV's default is 10000; torchvision switches on the CPU above
/// 1000 boxes (<c>splitThr: 1001</c>), which the torchvision models use so that their detections are reproduced.</para>
/// </remarks>
/// <param name="iouThreshold"><c>iou_threshold</c>: a box is suppressed by a kept box whose IoU with it is greater.</param>
/// <param name="splitThr"><c>split_thr</c>: from this many boxes on, NMS runs class by class.</param>
/// <param name="classAgnostic"><c>class_agnostic</c>: ignore labels and suppress across classes.</param>
public class NmsConfig(double iouThreshold = 0.5, int splitThr = 10000, bool classAgnostic = false)
{
    /// <summary><c>iou_threshold</c>.</summary>
    public double IouThreshold { get; } = iouThreshold is >= 0 and <= 1
        ? iouThreshold
        : throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, "iou_threshold must be in [0, 1].");

    /// <summary><c>split_thr</c>.</summary>
    public int SplitThr { get; } = splitThr;

    /// <summary><c>class_agnostic</c>.</summary>
    public bool ClassAgnostic { get; } = classAgnostic;

    /// <inheritdoc />
    public override string ToString() => $"nms(iou_threshold={IouThreshold}, split_thr={SplitThr}, class_agnostic={ClassAgnostic})";
}
