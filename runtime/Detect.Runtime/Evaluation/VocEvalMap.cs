namespace Detect.Evaluation;

/// <summary>
/// Pascal VOC mean average precision as MMDetection's <c>eval_map</c> (mmdet/evaluation/functional/mean_ap.py,
/// default tp/fp rule), 'area' and '11points' modes, optional scale ranges and legacy coordinates.
/// Results equal MMDetection's under numpy 1.x, ties in score included.
/// </summary>
public static class VocEvalMap
{
    /// <summary>Evaluates detections against ground truth.</summary>
    /// <param name="detResults"><c>detResults[image][class]</c>: N×5 flat (x1, y1, x2, y2, score), float32.</param>
    /// <param name="annotations">Ground truth, one per image.</param>
    /// <param name="scaleRanges">(min, max) box sides; a range covers areas [min², max²). Null for none.</param>
    /// <param name="iouThr">IoU threshold.</param>
    /// <param name="useLegacyCoordinate">Widths as x2 − x1 + 1 (VOC's own evaluation).</param>
    /// <param name="evalMode">Area or 11 points.</param>
    /// <exception cref="ArgumentException">Different numbers of images, or images with different numbers of classes.</exception>
    public static VocMapResult Evaluate(
        IReadOnlyList<IReadOnlyList<float[]>> detResults, IReadOnlyList<VocGroundTruth> annotations,
        IReadOnlyList<(double Min, double Max)>? scaleRanges = null, double iouThr = 0.5, bool useLegacyCoordinate = false,
        VocEvalMode evalMode = VocEvalMode.Area)
    {
        if (detResults.Count != annotations.Count)
            throw new ArgumentException($"{detResults.Count} detection results for {annotations.Count} annotated images.", nameof(detResults));
        if (detResults.Count == 0) throw new ArgumentException("No images to evaluate.", nameof(detResults));
        int numClasses = detResults[0].Count;
        if (detResults.Any(d => d.Count != numClasses))
            throw new ArgumentException($"Every image needs detections for all {numClasses} classes.", nameof(detResults));
        var areaRanges = scaleRanges?.Select(r => (r.Min * r.Min, r.Max * r.Max)).ToArray();
        int scales = areaRanges?.Length ?? 1;
        float extra = useLegacyCoordinate ? 1f : 0f;

        var classes = new List<VocClassResult>(numClasses);
        for (int c = 0; c < numClasses; c++)
        {
            var dets = new List<float[]>(annotations.Count);
            var tps = new List<float[][]>(annotations.Count);
            var fps = new List<float[][]>(annotations.Count);
            var numGts = new int[scales];
            for (int i = 0; i < annotations.Count; i++)
            {
                var (gts, ignored) = ClassBoxes(annotations[i], c);
                var (tp, fp) = VocTpFp.Compute(detResults[i][c], gts, ignored, iouThr, areaRanges, useLegacyCoordinate);
                dets.Add(detResults[i][c]);
                tps.Add(tp);
                fps.Add(fp);
                for (int j = 0; j < gts.Length / 4; j++)
                {
                    float area = (gts[4 * j + 2] - gts[4 * j] + extra) * (gts[4 * j + 3] - gts[4 * j + 1] + extra);
                    for (int k = 0; k < scales; k++)
                        if (areaRanges is null || (area >= (float)areaRanges[k].Item1 && area < (float)areaRanges[k].Item2)) numGts[k]++;
                }
            }
            classes.Add(Curves(dets, tps, fps, numGts, evalMode));
        }
        return new VocMapResult(MeanAp(classes, scales), classes);
    }

    /// <summary>One class's detections of all images sorted by score (numpy's quicksort), cumulated into recall and precision.</summary>
    private static VocClassResult Curves(List<float[]> dets, List<float[][]> tps, List<float[][]> fps, int[] numGts, VocEvalMode mode)
    {
        int scales = numGts.Length;
        float[] all = [.. dets.SelectMany(d => d)];
        int numDets = all.Length / 5;
        var negScores = new float[numDets];
        for (int i = 0; i < numDets; i++) negScores[i] = -all[5 * i + 4];
        var order = NumpyArgsort.Quicksort(negScores);
        var recall = new double[scales][];
        var precision = new float[scales][];
        var ap = new float[scales];
        const float eps = 1.1920929E-07f; // np.finfo(np.float32).eps
        for (int k = 0; k < scales; k++)
        {
            float[] tp = [.. tps.SelectMany(t => t[k])], fp = [.. fps.SelectMany(f => f[k])];
            recall[k] = new double[numDets];
            precision[k] = new float[numDets];
            float tpSum = 0, fpSum = 0;
            double denominator = Math.Max(numGts[k], (double)eps);
            for (int i = 0; i < numDets; i++)
            {
                tpSum += tp[order[i]];
                fpSum += fp[order[i]];
                recall[k][i] = tpSum / denominator;
                precision[k][i] = tpSum / Math.Max(tpSum + fpSum, eps);
            }
            ap[k] = mode == VocEvalMode.Area ? VocAveragePrecision.Area(recall[k], precision[k]) : VocAveragePrecision.ElevenPoints(recall[k], precision[k]);
        }
        return new VocClassResult(numGts, numDets, recall, precision, ap);
    }

    /// <summary>Mean of the APs of classes with ground truth (float32, as numpy's mean of a float32 array); 0 when none.</summary>
    private static float[] MeanAp(List<VocClassResult> classes, int scales)
    {
        var mean = new float[scales];
        for (int k = 0; k < scales; k++)
        {
            var aps = classes.Where(c => c.NumGts[k] > 0).Select(c => c.Ap[k]).ToArray();
            mean[k] = aps.Length == 0 ? 0f : NumpyMath.MeanFloat32(aps);
        }
        return mean;
    }

    private static (float[] Gts, float[] Ignored) ClassBoxes(VocGroundTruth a, int c)
    {
        static float[] Select(float[]? boxes, long[]? labels, int c)
        {
            if (boxes is null || labels is null) return [];
            var selected = new List<float>();
            for (int j = 0; j < labels.Length; j++)
                if (labels[j] == c) selected.AddRange(boxes.AsSpan(4 * j, 4));
            return [.. selected];
        }
        return (Select(a.Bboxes, a.Labels, c), Select(a.BboxesIgnore, a.LabelsIgnore, c));
    }
}
