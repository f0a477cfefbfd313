namespace Detect.Evaluation;

/// <summary>
/// pycocotools' <c>accumulate</c> for one category (or the single class-agnostic group): precision
/// at each recall point and final recall, per IoU threshold, area range and maxDets.
/// </summary>
/// <remarks>
/// pycocotools concatenates each image's top-maxDet detections and sorts them stably by score, once
/// per maxDets value. Here the detections are sorted once and each maxDets value keeps those whose
/// rank in their image is below it: a stable sort restricted to a subset is the subset's stable sort,
/// so the order is the same.
/// </remarks>
internal sealed class Accumulator(CocoEvalParams p, IReadOnlyList<int> maxDets, CocoEvalArrays arrays)
{
    private static readonly double Spacing1 = Math.BitIncrement(1.0) - 1.0; // np.spacing(1)

    public void Accumulate(int k, IReadOnlyList<ImageEval> images)
    {
        if (images.Count == 0) return;
        int total = images.Sum(e => e.Count);
        var scores = new double[total];
        var image = new int[total];
        var local = new int[total];
        for (int e = 0, j = 0; e < images.Count; e++)
        {
            for (int d = 0; d < images[e].Count; d++, j++)
            {
                scores[j] = images[e].Scores[d];
                image[j] = e;
                local[j] = d;
            }
        }
        var order = ScoreOrder.ArgsortDescending(scores);
        int T = p.IouThrs.Count, R = p.RecThrs.Count;
        var kept = new int[total];
        var precision = new double[total];
        var recall = new double[total];
        for (int m = 0; m < maxDets.Count; m++)
        {
            int nd = 0;
            foreach (int j in order) if (local[j] < maxDets[m]) kept[nd++] = j;
            for (int a = 0; a < p.AreaRanges.Count; a++)
            {
                int npig = images.Sum(e => e.NonIgnoredGt[a]);
                if (npig == 0) continue;
                for (int t = 0; t < T; t++)
                {
                    // Cumulative true/false positives over the sorted detections; ignored ones add to neither.
                    int tpSum = 0, fpSum = 0;
                    for (int i = 0; i < nd; i++)
                    {
                        int j = kept[i];
                        var e = images[image[j]];
                        byte f = e.Flags[a][t * e.Count + local[j]];
                        if ((f & ImageEval.Ignored) == 0)
                        {
                            if ((f & ImageEval.Matched) != 0) tpSum++;
                            else fpSum++;
                        }
                        recall[i] = (double)tpSum / npig;
                        precision[i] = tpSum / ((double)fpSum + tpSum + Spacing1);
                    }
                    arrays.SetRecall(t, k, a, m, nd > 0 ? recall[nd - 1] : 0);
                    // Precision envelope: make it non-increasing from the right.
                    for (int i = nd - 1; i > 0; i--)
                        if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
                    // For each recall point the first detection reaching it (searchsorted, side='left');
                    // points beyond the last reached recall keep precision 0.
                    int pi = 0;
                    for (int r = 0; r < R; r++)
                    {
                        double threshold = p.RecThrs[r];
                        while (pi < nd && recall[pi] < threshold) pi++;
                        arrays.SetPrecision(t, r, k, a, m, pi < nd ? precision[pi] : 0);
                    }
                }
            }
        }
    }
}
