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
        int T = p.IouThrs.Count;
        var kept = new int[total];
        var curves = new Curve[T];
        for (int t = 0; t < T; t++) curves[t] = new Curve(total);
        for (int m = 0; m < maxDets.Count; m++)
        {
            int nd = 0;
            foreach (int j in order) if (local[j] < maxDets[m]) kept[nd++] = j;
            for (int a = 0; a < p.AreaRanges.Count; a++)
            {
                int npig = 0;
                foreach (var e in images) npig += e.NonIgnoredGt[a];
                if (npig == 0) continue;
                foreach (var c in curves) c.Clear();
                for (int i = 0; i < nd; i++)
                {
                    int j = kept[i];
                    var e = images[image[j]];
                    var flags = e.Flags.AsSpan((a * e.Count + local[j]) * T, T);
                    for (int t = 0; t < T; t++)
                        if ((flags[t] & ImageEval.Ignored) == 0) curves[t].Add((flags[t] & ImageEval.Matched) != 0);
                }
                for (int t = 0; t < T; t++) Interpolate(k, a, m, t, curves[t], nd, npig);
            }
        }
    }

    /// <summary>
    /// pycocotools computes recall rc = tp/npig and precision pr = tp/(tp + fp + eps) after every
    /// detection, makes pr non-increasing from the right, and for each recall point r takes pr at the
    /// first detection with rc ≥ r (searchsorted, side='left'), or 0 past the end. Ignored detections
    /// change neither count, so only the non-ignored ones (the curve's steps) are computed here: the
    /// first detection reaching a positive recall is a true positive, hence a step, and the envelope
    /// there is the suffix maximum over the steps; recall point 0 is reached at the first detection,
    /// where the envelope is the maximum of all steps (0 when there are none). Same numbers, far fewer
    /// divisions.
    /// </summary>
    private void Interpolate(int k, int a, int m, int t, Curve curve, int nd, int npig)
    {
        int n = curve.Count;
        arrays.SetRecall(t, k, a, m, nd > 0 ? (double)(n > 0 ? curve.Tp[n - 1] : 0) / npig : 0);
        var envelope = curve.Precision;
        for (int i = 0; i < n; i++) envelope[i] = curve.Tp[i] / ((double)curve.Fp[i] + curve.Tp[i] + Spacing1);
        for (int i = n - 1; i > 0; i--)
            if (envelope[i] > envelope[i - 1]) envelope[i - 1] = envelope[i];
        int step = 0;
        for (int r = 0; r < p.RecThrs.Count; r++)
        {
            double threshold = p.RecThrs[r];
            int needed = TruePositivesFor(threshold, npig);
            double q;
            if (needed == 0) q = nd > 0 && n > 0 ? envelope[0] : 0;
            else
            {
                while (step < n && curve.Tp[step] < needed) step++;
                q = step < n ? envelope[step] : 0;
            }
            arrays.SetPrecision(t, r, k, a, m, q);
        }
    }

    /// <summary>The fewest true positives c with c / npig ≥ threshold, in double arithmetic as numpy.</summary>
    private static int TruePositivesFor(double threshold, int npig)
    {
        int c = (int)Math.Max(0, Math.Ceiling(threshold * npig));
        while (c > 0 && (double)(c - 1) / npig >= threshold) c--;
        while ((double)c / npig < threshold) c++;
        return c;
    }

    /// <summary>Cumulative true/false positives after each non-ignored detection of one threshold.</summary>
    private sealed class Curve(int capacity)
    {
        public readonly int[] Tp = new int[capacity];
        public readonly int[] Fp = new int[capacity];
        public readonly double[] Precision = new double[capacity];
        public int Count;

        public void Clear() => Count = 0;

        public void Add(bool truePositive)
        {
            int tp = Count > 0 ? Tp[Count - 1] : 0, fp = Count > 0 ? Fp[Count - 1] : 0;
            Tp[Count] = truePositive ? tp + 1 : tp;
            Fp[Count] = truePositive ? fp : fp + 1;
            Count++;
        }
    }
}
