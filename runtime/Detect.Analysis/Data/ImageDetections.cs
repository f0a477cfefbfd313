namespace Detect.Analysis.Data;

/// <summary>
/// One image's detections as MMDetection's tools hold a prediction (<c>pred_instances</c>): xyxy float32
/// boxes in original-image pixels, labels 0..K−1 of the dataset's classes, scores, in the results file's order.
/// </summary>
/// <param name="Bboxes">N×4 boxes, flat (x1, y1, x2, y2).</param>
/// <param name="Labels">N labels.</param>
/// <param name="Scores">N scores.</param>
public sealed record ImageDetections(float[] Bboxes, int[] Labels, float[] Scores)
{
    /// <summary>No detections.</summary>
    public static ImageDetections Empty { get; } = new([], [], []);

    /// <summary>Number of detections.</summary>
    public int Count => Labels.Length;

    /// <summary>Box i as a span of four values.</summary>
    public ReadOnlySpan<float> Box(int i) => Bboxes.AsSpan(4 * i, 4);
}
