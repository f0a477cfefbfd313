namespace Detect.Models.Tests.Detectors;

/// <summary>
/// The parity measure of the brief: a reference detection is reproduced by one of ours with the same label, IoU at least
/// <see cref="MinIoU"/> and a score within <see cref="ScoreTolerance"/>; each of ours reproduces at most one. Ours left
/// over are extras.
/// </summary>
internal static class DetectionMatching
{
    public const double MinIoU = 0.999;
    public const double ScoreTolerance = 1e-3;

    public sealed record Detection(long Label, float Score, float[] Box);

    /// <summary>The counts and extremes of a match; <c>Pairs[i]</c> is the index of ours that reproduces reference i, or −1.</summary>
    public sealed record Result(int Reference, int Ours, int Matched, double MinMatchedIoU, double MaxScoreDiff, int[] Pairs)
    {
        public int Extra => Ours - Matched;

        public double Fraction => Reference == 0 ? 1 : Matched / (double)Reference;

        public override string ToString() =>
            $"{Matched}/{Reference} reference detections reproduced ({Fraction:P1}), {Extra} extra of {Ours}; " +
            $"matched: min IoU {MinMatchedIoU:F6}, max |score diff| {MaxScoreDiff:E2}";
    }

    public static Result Match(IReadOnlyList<Detection> reference, IReadOnlyList<Detection> ours, double scoreTolerance = ScoreTolerance)
    {
        var used = new bool[ours.Count];
        var pairs = new int[reference.Count];
        int matched = 0;
        double minIoU = 1, maxDiff = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            var r = reference[i];
            int best = -1;
            double bestIoU = 0;
            for (int j = 0; j < ours.Count; j++)
            {
                if (used[j] || ours[j].Label != r.Label || Math.Abs(ours[j].Score - r.Score) > scoreTolerance) continue;
                double iou = IoU(r.Box, ours[j].Box);
                if (iou >= MinIoU && iou > bestIoU) (best, bestIoU) = (j, iou);
            }
            pairs[i] = best;
            if (best < 0) continue;
            used[best] = true;
            matched++;
            minIoU = Math.Min(minIoU, bestIoU);
            maxDiff = Math.Max(maxDiff, Math.Abs(ours[best].Score - r.Score));
        }
        return new Result(reference.Count, ours.Count, matched, minIoU, maxDiff, pairs);
    }

    public static double IoU(float[] a, float[] b)
    {
        double w = Math.Max(0, Math.Min(a[2], b[2]) - Math.Max(a[0], b[0]));
        double h = Math.Max(0, Math.Min(a[3], b[3]) - Math.Max(a[1], b[1]));
        double inter = w * h;
        double union = (a[2] - a[0]) * (double)(a[3] - a[1]) + (b[2] - b[0]) * (double)(b[3] - b[1]) - inter;
        return union <= 0 ? (inter == 0 && a.SequenceEqual(b) ? 1 : 0) : inter / union;
    }
}
