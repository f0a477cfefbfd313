using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Fusion;

/// <summary>
/// MMDetection's <c>fuse_results.py</c>: the COCO results of several models fused image by image with
/// <see cref="WeightedBoxesFusion"/> (labels are category ids), written back as COCO results.
/// </summary>
/// <remarks>
/// MMDetection hands the COCO <c>[x, y, w, h]</c> boxes to WBF, which reads them as corners, and writes the fused
/// corners back as <c>bbox</c>; here boxes are turned into corners before fusing and back into [x, y, w, h] after
/// (float32 corners widened to double, then subtracted, as <see cref="PredictionResults"/> writes them).
/// </remarks>
public static class ResultsFusion
{
    /// <summary>Fuses <paramref name="resultsPerModel"/>; images in the ground truth's order when given, else in order of appearance.</summary>
    /// <param name="resultsPerModel">Each model's results.</param>
    /// <param name="gt">Ground truth (its image list), or null.</param>
    /// <param name="weights">A weight per model; null: all 1.</param>
    /// <param name="iouThr">MMDetection's <c>--fusion-iou-thr</c>.</param>
    /// <param name="skipBoxThr">MMDetection's <c>--skip-box-thr</c>.</param>
    /// <param name="confType">MMDetection's <c>--conf-type</c>.</param>
    /// <param name="sources">The results files, for messages.</param>
    /// <exception cref="AnalysisException">A result without a box, or for an image the ground truth lacks.</exception>
    public static List<CocoResult> Fuse(IReadOnlyList<IReadOnlyList<CocoResult>> resultsPerModel, CocoAnnotationFile? gt = null,
        IReadOnlyList<double>? weights = null, double iouThr = 0.55, double skipBoxThr = 0, WbfConfType confType = WbfConfType.Avg,
        IReadOnlyList<string>? sources = null)
    {
        var images = gt?.Images.Select(i => i.Id).ToList() ?? [.. resultsPerModel.SelectMany(r => r).Select(r => r.ImageId).Distinct()];
        var perImage = images.ToDictionary(id => id, _ => resultsPerModel.Select(_ => new List<WbfBox>()).ToArray());
        for (int m = 0; m < resultsPerModel.Count; m++)
        {
            for (int i = 0; i < resultsPerModel[m].Count; i++)
            {
                var r = resultsPerModel[m][i];
                string where = $"{sources?[m] ?? $"results {m}"}, result #{i}";
                var b = r.Bbox ?? throw new AnalysisException($"{where}: no 'bbox' (boxes are what is fused).");
                if (!perImage.TryGetValue(r.ImageId, out var models))
                    throw new AnalysisException($"{where}: 'image_id' {r.ImageId} is not an image of {gt?.Path}.");
                models[m].Add(new WbfBox([b[0], b[1], b[0] + b[2], b[1] + b[3]], r.Score, r.CategoryId));
            }
        }
        var fused = new List<CocoResult>();
        foreach (long id in images)
        {
            foreach (var f in WeightedBoxesFusion.Fuse(perImage[id], weights, iouThr, skipBoxThr, confType))
            {
                double x1 = f.Box[0], y1 = f.Box[1], x2 = f.Box[2], y2 = f.Box[3];
                fused.Add(new CocoResult(id, f.Label, [x1, y1, x2 - x1, y2 - y1], f.Score));
            }
        }
        return fused;
    }
}
