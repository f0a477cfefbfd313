namespace Detect.Evaluation;

/// <summary>
/// One image's ground truth for <see cref="VocEvalMap"/> (MMDetection's <c>eval_map</c> annotation
/// dict): xyxy float32 boxes as flat N×4 arrays, labels 0..K−1, and optional boxes to ignore
/// (VOC's "difficult" objects).
/// </summary>
/// <param name="Bboxes">N×4 boxes, flat.</param>
/// <param name="Labels">N labels.</param>
/// <param name="BboxesIgnore">M×4 ignored boxes, flat.</param>
/// <param name="LabelsIgnore">M labels of the ignored boxes.</param>
public sealed record VocGroundTruth(float[] Bboxes, long[] Labels, float[]? BboxesIgnore = null, long[]? LabelsIgnore = null);

/// <summary>How <see cref="VocEvalMap"/> integrates the precision-recall curve.</summary>
public enum VocEvalMode
{
    /// <summary>Area under the interpolated curve (VOC2010+).</summary>
    Area,

    /// <summary>Mean of the interpolated precision at recall 0, 0.1, ..., 1 (VOC2007); MMDetection's <c>'11points'</c>.</summary>
    [Config.ConfigName("11points")]
    ElevenPoints,
}

/// <summary>One class's outcome of <see cref="VocEvalMap"/>, per scale range (one entry without ranges).</summary>
/// <param name="NumGts">Ground truths counted (not ignored, within the range).</param>
/// <param name="NumDets">Detections of the class.</param>
/// <param name="Recall">Recall after each detection by descending score (float64, as numpy computes it).</param>
/// <param name="Precision">Precision after each detection (float32).</param>
/// <param name="Ap">Average precision (float32).</param>
public sealed record VocClassResult(int[] NumGts, int NumDets, double[][] Recall, float[][] Precision, float[] Ap);

/// <summary>The outcome of <see cref="VocEvalMap"/>.</summary>
/// <param name="MeanAp">mAP per scale range (one value without ranges), over classes with ground truth.</param>
/// <param name="Classes">Per-class results, in label order.</param>
public sealed record VocMapResult(float[] MeanAp, IReadOnlyList<VocClassResult> Classes);
