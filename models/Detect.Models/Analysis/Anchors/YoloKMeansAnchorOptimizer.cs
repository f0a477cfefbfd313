using Detect.Config;
using Detect.Models.Analysis.Optimization;

namespace Detect.Models.Analysis.Anchors;

/// <summary>
/// MMDetection's <c>YOLOKMeansAnchorOptimizer</c> (after darknet): k-means over box sizes with IoU as the similarity.
/// Centres start at <c>num_anchors</c> boxes drawn with replacement; the E step assigns each box to the centre of highest
/// IoU and stops when no assignment changes (the first step compares with all-zero assignments); the M step moves a
/// centre to the mean of its boxes, or to a zero box when it has none (MMDetection's behaviour: such an anchor stays 0×0).
/// </summary>
/// <param name="numAnchors">Anchors to find.</param>
/// <param name="iters"><c>--iters</c>: iterations at most.</param>
public sealed class YoloKMeansAnchorOptimizer(int numAnchors, int iters = 1000)
{
    /// <summary>Clusters <paramref name="boxes"/> from initial centres drawn by <paramref name="rng"/> (MMDetection draws them with torch.randint).</summary>
    public AnchorOptimization Optimize(IReadOnlyList<(double W, double H)> boxes, NumpyRandomState rng, Action<string>? log = null)
    {
        Check(boxes);
        return Optimize(boxes, [.. Enumerable.Range(0, numAnchors).Select(_ => (int)rng.RandInt(0, boxes.Count))], log);
    }

    /// <summary>Clusters <paramref name="boxes"/> from the boxes at <paramref name="initialIndices"/>.</summary>
    public AnchorOptimization Optimize(IReadOnlyList<(double W, double H)> boxes, IReadOnlyList<int> initialIndices, Action<string>? log = null)
    {
        Check(boxes);
        if (initialIndices.Count != numAnchors || initialIndices.Any(i => i < 0 || i >= boxes.Count))
            throw new ArgumentException($"k-means needs {numAnchors} initial indices below {boxes.Count}.", nameof(initialIndices));
        log?.Invoke($"Start cluster {numAnchors} YOLO anchors with K-means...");
        var centers = initialIndices.Select(i => boxes[i]).ToArray();
        var assignments = new int[boxes.Count];
        int iterations = 0;
        if (numAnchors == 1)
            centers = Maximization(boxes, assignments, numAnchors);
        else
        {
            for (; iterations < iters; iterations++)
            {
                var closest = boxes.Select(b => ArgMax(centers, b)).ToArray();
                if (closest.AsSpan().SequenceEqual(assignments))
                {
                    log?.Invoke($"K-means process has converged at iter {iterations}.");
                    break;
                }
                assignments = closest;
                centers = Maximization(boxes, assignments, numAnchors);
            }
        }
        double avgIou = AnchorBoxes.AverageBestIou(boxes, centers);
        if (numAnchors > 1) log?.Invoke($"Anchor cluster finish. Average IOU: {PythonFloat.Str(avgIou)}");
        return new AnchorOptimization(AnchorOptimization.ByArea(centers), avgIou, iterations);
    }

    static int ArgMax((double W, double H)[] centers, (double W, double H) box)
    {
        int best = 0;
        double bestIou = AnchorBoxes.Iou(box, centers[0]);
        for (int c = 1; c < centers.Length; c++)
        {
            double iou = AnchorBoxes.Iou(box, centers[c]);
            if (iou > bestIou) (best, bestIou) = (c, iou);
        }
        return best;
    }

    // The mean (w, h) of each cluster's boxes, summed row by row as numpy's mean over axis 0; (0, 0) for an empty cluster.
    static (double W, double H)[] Maximization(IReadOnlyList<(double W, double H)> boxes, int[] assignments, int k)
    {
        var centers = new (double W, double H)[k];
        for (int c = 0; c < k; c++)
        {
            double sumW = 0, sumH = 0;
            int count = 0;
            for (int i = 0; i < boxes.Count; i++)
            {
                if (assignments[i] != c) continue;
                sumW += boxes[i].W;
                sumH += boxes[i].H;
                count++;
            }
            if (count > 0) centers[c] = (sumW / count, sumH / count);
        }
        return centers;
    }

    void Check(IReadOnlyList<(double W, double H)> boxes)
    {
        if (numAnchors < 1) throw new ArgumentException($"num_anchors must be at least 1, got {numAnchors}.");
        if (boxes.Count == 0) throw new ArgumentException("The dataset has no boxes to cluster anchors from.");
    }
}
