using Detect.Analysis.Data;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Results;

/// <summary>
/// One image's box mAP as MMDetection's <c>analyze_results.py</c> computes it (<c>bbox_map_eval</c>): its
/// <c>eval_map</c> (<see cref="VocEvalMap"/>, area mode) on that image alone at IoU 0.50, 0.55, ..., 0.95,
/// averaged. Every annotated instance counts as ground truth, crowd ones included, as there (its loading
/// pipeline hands <c>eval_map</c> all boxes and no ignore list); an image without ground truth scores 0.
/// </summary>
public static class ImageMap
{
    /// <summary>The mAP of <paramref name="detections"/> against <paramref name="gt"/> over <paramref name="numClasses"/> classes.</summary>
    public static double Compute(ImageDetections detections, IReadOnlyList<InstanceInfo> gt, int numClasses)
    {
        var perClass = new List<float>[numClasses];
        for (int c = 0; c < numClasses; c++) perClass[c] = [];
        for (int i = 0; i < detections.Count; i++)
        {
            perClass[detections.Labels[i]].AddRange(detections.Box(i));
            perClass[detections.Labels[i]].Add(detections.Scores[i]);
        }
        IReadOnlyList<float[]> dets = [.. perClass.Select(c => c.ToArray())];
        var annotation = new VocGroundTruth([.. gt.SelectMany(g => g.Bbox)], [.. gt.Select(g => (long)g.BboxLabel)]);
        // np.linspace(.5, 0.95, 10), the same thresholds as COCO's.
        var thresholds = CocoEvalParams.Bbox.IouThrs;
        double sum = 0;
        foreach (double thr in thresholds) sum += VocEvalMap.Evaluate([dets], [annotation], iouThr: thr).MeanAp[0];
        return sum / thresholds.Count;
    }
}
