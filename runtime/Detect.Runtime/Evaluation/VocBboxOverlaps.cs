namespace Detect.Evaluation;

/// <summary>
/// MMDetection's <c>mmdet/evaluation/functional/bbox_overlaps</c> (numpy, float32): IoU of xyxy boxes,
/// with the legacy "+1" pixel convention as an option and the union clamped at 1e-6. The analysis tools
/// (confusion matrix) match boxes with it as MMDetection's do.
/// </summary>
public static class VocBboxOverlaps
{
    /// <summary>IoU matrix [rows of <paramref name="a"/>, rows of <paramref name="b"/>], both flat N×4 (or N×5: extra columns ignored).</summary>
    public static float[,] Iou(ReadOnlySpan<float> a, int strideA, ReadOnlySpan<float> b, int strideB, bool useLegacyCoordinate)
    {
        float extra = useLegacyCoordinate ? 1f : 0f;
        int rows = a.Length / strideA, cols = b.Length / strideB;
        var ious = new float[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            var p = a.Slice(i * strideA, 4);
            float area1 = (p[2] - p[0] + extra) * (p[3] - p[1] + extra);
            for (int j = 0; j < cols; j++)
            {
                var q = b.Slice(j * strideB, 4);
                float area2 = (q[2] - q[0] + extra) * (q[3] - q[1] + extra);
                float w = Math.Max(Math.Min(p[2], q[2]) - Math.Max(p[0], q[0]) + extra, 0f);
                float h = Math.Max(Math.Min(p[3], q[3]) - Math.Max(p[1], q[1]) + extra, 0f);
                float overlap = w * h;
                float union = Math.Max(area1 + area2 - overlap, 1e-6f);
                ious[i, j] = overlap / union;
            }
        }
        return ious;
    }
}
