namespace Detect.Evaluation;

/// <summary>
/// MMDetection's <c>tpfp_default</c>: one image, one class. Detections by descending score each take
/// the ground truth they overlap most; the first to reach it at IoU ≥ the threshold is a true positive,
/// later ones false positives; matches to ignored boxes or boxes outside the area range count as
/// neither. Arithmetic follows numpy's types (float32 arrays, float64 where numpy promotes scalars).
/// </summary>
internal static class VocTpFp
{
    /// <param name="dets">N×5 flat: x1, y1, x2, y2, score.</param>
    /// <param name="gts">G×4 flat.</param>
    /// <param name="ignored">I×4 flat.</param>
    /// <param name="iouThr">IoU threshold.</param>
    /// <param name="areaRanges">Ranges [min, max) or null for one unlimited range.</param>
    /// <param name="useLegacyCoordinate">Width = x2 − x1 + 1.</param>
    /// <returns>tp and fp, [scale][detection], 0/1.</returns>
    public static (float[][] Tp, float[][] Fp) Compute(
        float[] dets, float[] gts, float[] ignored, double iouThr, IReadOnlyList<(double Min, double Max)>? areaRanges, bool useLegacyCoordinate)
    {
        float extra = useLegacyCoordinate ? 1f : 0f;
        int numDets = dets.Length / 5, numGt = gts.Length / 4, numGts = numGt + ignored.Length / 4;
        int scales = areaRanges?.Count ?? 1;
        var tp = new float[scales][];
        var fp = new float[scales][];
        for (int k = 0; k < scales; k++) (tp[k], fp[k]) = (new float[numDets], new float[numDets]);
        float[] all = [.. gts, .. ignored];
        if (numGts == 0)
        {
            for (int k = 0; k < scales; k++)
                for (int i = 0; i < numDets; i++)
                {
                    // numpy: float32 array arithmetic, compared with the bounds cast to float32.
                    float area = (dets[5 * i + 2] - dets[5 * i] + extra) * (dets[5 * i + 3] - dets[5 * i + 1] + extra);
                    if (areaRanges is null || (area >= (float)areaRanges[k].Min && area < (float)areaRanges[k].Max)) fp[k][i] = 1;
                }
            return (tp, fp);
        }
        var ious = VocBboxOverlaps.Iou(dets, 5, all, 4, useLegacyCoordinate);
        var iouMax = new float[numDets];
        var iouArgmax = new int[numDets];
        for (int i = 0; i < numDets; i++)
        {
            // argmax: the first maximum.
            int best = 0;
            for (int j = 1; j < numGts; j++) if (ious[i, j] > ious[i, best]) best = j;
            (iouMax[i], iouArgmax[i]) = (ious[i, best], best);
        }
        var negScores = new float[numDets];
        for (int i = 0; i < numDets; i++) negScores[i] = -dets[5 * i + 4];
        var order = NumpyArgsort.Quicksort(negScores);
        for (int k = 0; k < scales; k++)
        {
            var covered = new bool[numGts];
            var areaIgnore = new bool[numGts];
            if (areaRanges is not null)
            {
                for (int j = 0; j < numGts; j++)
                {
                    float area = (all[4 * j + 2] - all[4 * j] + extra) * (all[4 * j + 3] - all[4 * j + 1] + extra);
                    areaIgnore[j] = area < (float)areaRanges[k].Min || area >= (float)areaRanges[k].Max;
                }
            }
            foreach (int i in order)
            {
                // A float32 scalar against a Python float: numpy 1.x compares in float64.
                if (iouMax[i] >= iouThr)
                {
                    int m = iouArgmax[i];
                    if (m >= numGt || areaIgnore[m]) continue;
                    if (!covered[m])
                    {
                        covered[m] = true;
                        tp[k][i] = 1;
                    }
                    else fp[k][i] = 1;
                }
                else if (areaRanges is null) fp[k][i] = 1;
                else
                {
                    // float32 scalar differences plus a Python float: float64 from here on.
                    double area = ((double)(dets[5 * i + 2] - dets[5 * i]) + extra) * ((double)(dets[5 * i + 3] - dets[5 * i + 1]) + extra);
                    if (area >= areaRanges[k].Min && area < areaRanges[k].Max) fp[k][i] = 1;
                }
            }
        }
        return (tp, fp);
    }
}
