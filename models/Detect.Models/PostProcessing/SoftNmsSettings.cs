namespace Detect.Models.PostProcessing;

/// <summary>How soft-NMS lowers the score of a box that overlaps a kept one (MMCV's <c>method</c>).</summary>
public enum SoftNmsMethod
{
    /// <summary><c>'naive'</c>: IoU at or above <c>iou_threshold</c> sets the score to 0 (hard NMS, with <c>min_score</c>).</summary>
    Naive,

    /// <summary><c>'linear'</c>: IoU at or above <c>iou_threshold</c> multiplies the score by 1 − IoU.</summary>
    Linear,

    /// <summary><c>'gaussian'</c>: every score is multiplied by exp(−IoU² / <c>sigma</c>).</summary>
    Gaussian,
}

/// <summary>
/// MMCV's soft-NMS config (<c>nms=dict(type='soft_nms', iou_threshold=0.5, sigma=0.5, min_score=1e-3, method='linear')</c>) as
/// <see cref="BatchedNms"/> reads it: boxes are kept in turn by highest current score and every remaining box's score is
/// lowered by its overlap with the kept one; boxes whose score falls below <c>min_score</c> are dropped. The detections carry
/// the lowered scores (<see cref="SoftNms"/>).
/// </summary>
/// <param name="iouThreshold"><c>iou_threshold</c> (naive and linear methods).</param>
/// <param name="sigma"><c>sigma</c> of the gaussian method.</param>
/// <param name="minScore"><c>min_score</c>: boxes whose lowered score is below it are dropped.</param>
/// <param name="method"><c>method</c>.</param>
/// <param name="splitThr"><c>split_thr</c> (see <see cref="NmsConfig"/>).</param>
/// <param name="classAgnostic"><c>class_agnostic</c>.</param>
public sealed class SoftNmsSettings(double iouThreshold, double sigma = 0.5, double minScore = 1e-3, SoftNmsMethod method = SoftNmsMethod.Linear,
    int splitThr = 10000, bool classAgnostic = false)
    : NmsConfig(iouThreshold, splitThr, classAgnostic)
{
    /// <summary><c>sigma</c>.</summary>
    public double Sigma { get; } = sigma > 0 ? sigma : throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive.");

    /// <summary><c>min_score</c>.</summary>
    public double MinScore { get; } = minScore;

    /// <summary><c>method</c>.</summary>
    public SoftNmsMethod Method { get; } = method;

    /// <inheritdoc />
    public override string ToString() =>
        $"soft_nms(iou_threshold={IouThreshold}, sigma={Sigma}, min_score={MinScore}, method={Method}, split_thr={SplitThr}, class_agnostic={ClassAgnostic})";
}
