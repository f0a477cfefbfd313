using Detect.Analysis.Data;
using Detect.Datasets;
using Detect.Evaluation;
using static TorchSharp.torch;

namespace Detect.Analysis.Confusion;

/// <summary>
/// MMDetection's detection confusion matrix (<c>tools/analysis_tools/confusion_matrix.py</c>): rows are ground-truth
/// classes plus background, columns predicted classes plus background. For each image, every detection scoring at
/// least <c>scoreThr</c> adds 1 to <c>[gt label, det label]</c> for <em>every</em> ground truth it overlaps with IoU
/// ≥ <c>tpIouThr</c> (so one detection can count several times, and duplicates all count), or 1 to
/// <c>[background, det label]</c> when it overlaps none; every ground truth that no detection of its own class
/// matched adds 1 to <c>[gt label, background]</c>. All annotated instances count as ground truth, crowd ones
/// included, as there. IoU is MMDetection's numpy <c>bbox_overlaps</c> (float32).
/// </summary>
/// <remarks>
/// With <c>nmsIouThr</c>, each class's detections are first reduced by NMS (boxes scoring above <c>scoreThr</c>,
/// suppression above the IoU threshold, as mmcv's <c>nms</c>) and the kept boxes are counted with their own scores.
/// MMDetection's script pairs the kept boxes with the scores from before NMS, which fails whenever NMS removes a box;
/// this is the evident intent.
/// </remarks>
public sealed class ConfusionMatrix
{
    readonly double[,] counts;

    ConfusionMatrix(IReadOnlyList<string> classes)
    {
        Labels = [.. classes, "background"];
        counts = new double[Labels.Count, Labels.Count];
    }

    /// <summary>Row and column names: the classes, then "background".</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The count in row <paramref name="gt"/>, column <paramref name="predicted"/> (background is the last index).</summary>
    public double this[int gt, int predicted] => counts[gt, predicted];

    /// <summary>
    /// Rows as percentages of their sums (what MMDetection plots: float32 division, NaN in a row that is all zero).
    /// </summary>
    public float[,] Normalized()
    {
        int n = Labels.Count;
        var result = new float[n, n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += counts[i, j];
            for (int j = 0; j < n; j++) result[i, j] = (float)counts[i, j] / (float)sum * 100f;
        }
        return result;
    }

    /// <summary>The matrix of <paramref name="detections"/> over every image of <paramref name="dataset"/>.</summary>
    public static ConfusionMatrix Compute(CocoDataset dataset, IReadOnlyDictionary<long, ImageDetections> detections,
        double scoreThr = 0, double tpIouThr = 0.5, double? nmsIouThr = null)
    {
        var matrix = new ConfusionMatrix(dataset.Metainfo.Classes);
        foreach (var info in dataset.DataList) matrix.AddImage(info.Instances, detections.Of(info.ImgId), scoreThr, tpIouThr, nmsIouThr);
        return matrix;
    }

    /// <summary>Adds one image (MMDetection's <c>analyze_per_img_dets</c>).</summary>
    public void AddImage(IReadOnlyList<InstanceInfo> gt, ImageDetections detections, double scoreThr = 0, double tpIouThr = 0.5, double? nmsIouThr = null)
    {
        int background = Labels.Count - 1;
        float[] gtBoxes = [.. gt.SelectMany(g => g.Bbox)];
        var truePositives = new int[gt.Count];
        // np.unique: each predicted class once, ascending; detections of a class in file order.
        foreach (int label in detections.Labels.Distinct().Order())
        {
            var (boxes, scores) = ClassDetections(detections, label, scoreThr, nmsIouThr);
            var ious = VocBboxOverlaps.Iou(boxes, 4, gtBoxes, 4, useLegacyCoordinate: false);
            for (int i = 0; i < scores.Length; i++)
            {
                if (scores[i] < scoreThr) continue;
                int matches = 0;
                for (int j = 0; j < gt.Count; j++)
                {
                    if (ious[i, j] < tpIouThr) continue;
                    matches++;
                    if (gt[j].BboxLabel == label) truePositives[j]++;
                    counts[gt[j].BboxLabel, label]++;
                }
                if (matches == 0) counts[background, label]++;
            }
        }
        for (int j = 0; j < gt.Count; j++)
            if (truePositives[j] == 0) counts[gt[j].BboxLabel, background]++;
    }

    static (float[] Boxes, float[] Scores) ClassDetections(ImageDetections d, int label, double scoreThr, double? nmsIouThr)
    {
        var index = Enumerable.Range(0, d.Count).Where(i => d.Labels[i] == label).ToArray();
        if (nmsIouThr is { } thr)
        {
            // mmcv's nms(score_threshold=...): only boxes scoring above the threshold take part.
            index = index.Where(i => d.Scores[i] > scoreThr).ToArray();
            if (index.Length > 0)
            {
                using var scope = NewDisposeScope();
                var boxes = tensor(index.SelectMany(i => d.Box(i).ToArray()).ToArray(), dtype: ScalarType.Float32).view(-1, 4);
                var scores = tensor(index.Select(i => d.Scores[i]).ToArray(), dtype: ScalarType.Float32);
                var kept = Detect.Ops.Nms.Apply(boxes, scores, thr).data<long>().ToArray();
                index = kept.Select(k => index[k]).ToArray();
            }
        }
        return ([.. index.SelectMany(i => d.Box(i).ToArray())], [.. index.Select(i => d.Scores[i])]);
    }
}
