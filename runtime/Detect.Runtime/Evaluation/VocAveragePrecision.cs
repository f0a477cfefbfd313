namespace Detect.Evaluation;

/// <summary>MMDetection's <c>average_precision</c> for one scale, in numpy's dtypes (float64 curves, float32 result).</summary>
internal static class VocAveragePrecision
{
    /// <summary>Area under the precision envelope over the recall steps.</summary>
    public static float Area(double[] recalls, float[] precisions)
    {
        int n = recalls.Length;
        var mrec = new double[n + 2];
        var mpre = new double[n + 2];
        recalls.CopyTo(mrec, 1);
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++) mpre[i + 1] = precisions[i];
        for (int i = n + 1; i > 0; i--) mpre[i - 1] = Math.Max(mpre[i - 1], mpre[i]);
        var terms = new List<double>();
        for (int i = 0; i < n + 1; i++)
            if (mrec[i + 1] != mrec[i]) terms.Add((mrec[i + 1] - mrec[i]) * mpre[i + 1]);
        return (float)NumpyMath.Sum(terms.ToArray());
    }

    /// <summary>Mean of the best precision at recall ≥ 0, 0.1, ..., 1 (thresholds as <c>np.arange(0, 1.001, 0.1)</c>).</summary>
    public static float ElevenPoints(double[] recalls, float[] precisions)
    {
        float ap = 0;
        for (int t = 0; t < 11; t++)
        {
            double threshold = t * 0.1;
            float best = 0;
            bool any = false;
            for (int i = 0; i < recalls.Length; i++)
            {
                if (recalls[i] < threshold) continue;
                best = any ? Math.Max(best, precisions[i]) : precisions[i];
                any = true;
            }
            ap += best;
        }
        return ap / 11;
    }
}
