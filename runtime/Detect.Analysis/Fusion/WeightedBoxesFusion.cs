namespace Detect.Analysis.Fusion;

/// <summary>A box to fuse: xyxy pixels, score and label (COCO category id or class index).</summary>
/// <param name="Box">x1, y1, x2, y2.</param>
/// <param name="Score">Confidence.</param>
/// <param name="Label">Class.</param>
public sealed record WbfBox(double[] Box, double Score, long Label);

/// <summary>A fused box (float32, as MMDetection returns them).</summary>
/// <param name="Box">x1, y1, x2, y2.</param>
/// <param name="Score">Fused confidence.</param>
/// <param name="Label">Class.</param>
public sealed record FusedBox(float[] Box, float Score, long Label);

/// <summary>
/// Weighted boxes fusion (Solovyev et al., arXiv:1910.13302) as MMDetection's <c>mmdet/models/utils/wbf.py</c> ports
/// ensemble_boxes: per label, boxes sorted by weighted score join the first fused box they overlap with IoU above
/// <c>iouThr</c> (else start a new cluster); a cluster's box is the score-weighted mean of its members (float32, as
/// numpy computes it there) and its score is rescaled by how many models took part. Coordinates are not normalized
/// or clipped (MMDetection's port drops ensemble_boxes' [0, 1] clipping), so pixel boxes work as they are.
/// </summary>
/// <remarks>Equal scores are ordered stably here; numpy's unstable argsort may order such ties differently.</remarks>
public static class WeightedBoxesFusion
{
    // A row as ensemble_boxes keeps it: [label, weighted score, weight, model index, x1, y1, x2, y2].
    const int Label = 0, Score = 1, Weight = 2, Model = 3, X1 = 4;

    /// <summary>Fuses the boxes of several models (one list per model) into one list, by descending score.</summary>
    /// <param name="boxesPerModel">Each model's boxes.</param>
    /// <param name="weights">A weight per model; null: all 1.</param>
    /// <param name="iouThr">Boxes overlapping a fused box by more than this join it.</param>
    /// <param name="skipBoxThr">Boxes scoring below this are left out.</param>
    /// <param name="confType">How fused scores are computed.</param>
    /// <param name="allowsOverflow">With <see cref="WbfConfType.Avg"/>, let scores exceed 1.</param>
    /// <exception cref="AnalysisException">A weight count that does not match the models.</exception>
    public static IReadOnlyList<FusedBox> Fuse(IReadOnlyList<IReadOnlyList<WbfBox>> boxesPerModel, IReadOnlyList<double>? weights = null,
        double iouThr = 0.55, double skipBoxThr = 0, WbfConfType confType = WbfConfType.Avg, bool allowsOverflow = false)
    {
        double[] w = weights is null ? [.. boxesPerModel.Select(_ => 1.0)] : [.. weights];
        if (w.Length != boxesPerModel.Count)
            throw new AnalysisException($"{w.Length} weights for {boxesPerModel.Count} result files; give one weight per file.");
        var fused = new List<double[]>();
        foreach (var rows in Prefilter(boxesPerModel, w, skipBoxThr))
        {
            var clusters = new List<List<double[]>>();
            var boxes = new List<double[]>();
            foreach (var row in rows)
            {
                int index = FindMatch(boxes, row, iouThr);
                if (index >= 0)
                {
                    clusters[index].Add(row);
                    boxes[index] = WeightedBox(clusters[index], confType);
                }
                else
                {
                    clusters.Add([row]);
                    boxes.Add((double[])row.Clone());
                }
            }
            for (int i = 0; i < boxes.Count; i++) boxes[i][Score] = Rescale(boxes[i], clusters[i], w, confType, allowsOverflow);
            fused.AddRange(boxes);
        }
        return [.. fused.OrderByDescending(b => b[Score]).Select(b =>
            new FusedBox([(float)b[X1], (float)b[X1 + 1], (float)b[X1 + 2], (float)b[X1 + 3]], (float)b[Score], (long)b[Label]))];
    }

    /// <summary>Rows per label (labels in order of first appearance), each sorted by weighted score, descending.</summary>
    static IEnumerable<List<double[]>> Prefilter(IReadOnlyList<IReadOnlyList<WbfBox>> boxesPerModel, double[] weights, double thr)
    {
        var byLabel = new Dictionary<long, List<double[]>>();
        var order = new List<long>();
        for (int t = 0; t < boxesPerModel.Count; t++)
        {
            foreach (var b in boxesPerModel[t])
            {
                if (b.Score < thr) continue;
                double x1 = Math.Min(b.Box[0], b.Box[2]), x2 = Math.Max(b.Box[0], b.Box[2]);
                double y1 = Math.Min(b.Box[1], b.Box[3]), y2 = Math.Max(b.Box[1], b.Box[3]);
                if ((x2 - x1) * (y2 - y1) == 0.0) continue;   // zero-area boxes are skipped
                if (!byLabel.TryGetValue(b.Label, out var rows))
                {
                    byLabel[b.Label] = rows = [];
                    order.Add(b.Label);
                }
                rows.Add([b.Label, b.Score * weights[t], weights[t], t, x1, y1, x2, y2]);
            }
        }
        return order.Select(label => byLabel[label].OrderByDescending(r => r[Score]).ToList());
    }

    /// <summary><c>find_matching_box_fast</c>: the fused box of the same label with the highest IoU, if above the threshold.</summary>
    static int FindMatch(List<double[]> boxes, double[] row, double iouThr)
    {
        int best = -1;
        double bestIou = double.NegativeInfinity;
        for (int i = 0; i < boxes.Count; i++)
        {
            double iou = boxes[i][Label] != row[Label] ? -1 : Iou(boxes[i], row);
            if (iou > bestIou) (best, bestIou) = (i, iou);
        }
        return bestIou <= iouThr ? -1 : best;
    }

    static double Iou(double[] a, double[] b)
    {
        double inter = Math.Max(Math.Min(a[X1 + 2], b[X1 + 2]) - Math.Max(a[X1], b[X1]), 0) * Math.Max(Math.Min(a[X1 + 3], b[X1 + 3]) - Math.Max(a[X1 + 1], b[X1 + 1]), 0);
        double areaA = (a[X1 + 2] - a[X1]) * (a[X1 + 3] - a[X1 + 1]);
        double areaB = (b[X1 + 2] - b[X1]) * (b[X1 + 3] - b[X1 + 1]);
        return inter / (areaA + areaB - inter);
    }

    /// <summary><c>get_weighted_box</c>: coordinates accumulated and divided in float32 (numpy 1.x casting), as there.</summary>
    static double[] WeightedBox(List<double[]> cluster, WbfConfType confType)
    {
        var box = new float[8];
        double conf = 0, weight = 0, max = double.NegativeInfinity;
        foreach (var b in cluster)
        {
            for (int i = X1; i < 8; i++) box[i] = (float)(box[i] + b[Score] * b[i]);
            conf += b[Score];
            weight += b[Weight];
            max = Math.Max(max, b[Score]);
        }
        box[Label] = (float)cluster[0][Label];
        box[Score] = (float)(confType == WbfConfType.Max ? max : conf / cluster.Count);
        box[Weight] = (float)weight;
        box[Model] = -1;
        for (int i = X1; i < 8; i++) box[i] /= (float)conf;
        return [.. box.Select(v => (double)v)];
    }

    /// <summary>The rescaling of a cluster's score by the number of models and boxes in it.</summary>
    static double Rescale(double[] box, List<double[]> cluster, double[] weights, WbfConfType confType, bool allowsOverflow)
    {
        double score = box[Score], n = cluster.Count, sum = weights.Sum();
        switch (confType)
        {
            case WbfConfType.BoxAndModelAvg:
                score = score * n / box[Weight];
                // np.unique(model index, return_index=True): the first box of each model.
                return score * cluster.GroupBy(b => b[Model]).OrderBy(g => g.Key).Sum(g => g.First()[Weight]) / sum;
            case WbfConfType.AbsentModelAwareAvg:
                var present = cluster.Select(b => (int)b[Model]).ToHashSet();
                return score * n / (box[Weight] + weights.Where((_, t) => !present.Contains(t)).Sum());
            case WbfConfType.Max:
                return score / weights.Max();
            default:
                return allowsOverflow ? score * n / sum : score * Math.Min(weights.Length, n) / sum;
        }
    }
}
