using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Data;

/// <summary>
/// A COCO results file (what <c>detect test</c> and MMDetection's CocoMetric write) turned back into
/// per-image predictions of a dataset: [x, y, w, h] becomes xyxy (float32, x2 = x + w), category ids become
/// the dataset's labels.
/// </summary>
public static class DetectionResults
{
    /// <summary>The detections of every image that has some, by image id.</summary>
    /// <param name="results">The results, in file order.</param>
    /// <param name="dataset">The dataset they belong to (its images and class selection).</param>
    /// <param name="source">The results file, for messages.</param>
    /// <exception cref="AnalysisException">A result without a box, for an image the dataset lacks, or of a category that is not one of its classes.</exception>
    public static IReadOnlyDictionary<long, ImageDetections> ByImage(IReadOnlyList<CocoResult> results, CocoDataset dataset, string source)
    {
        var images = dataset.DataList.Select(d => d.ImgId).ToHashSet();
        var grouped = new Dictionary<long, (List<float> Boxes, List<int> Labels, List<float> Scores)>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            string where = $"{source}, result #{i}";
            var bbox = r.Bbox ?? throw new AnalysisException($"{where}: no 'bbox' (the analysis tools compare boxes).");
            if (!images.Contains(r.ImageId)) throw new AnalysisException($"{where}: 'image_id' {r.ImageId} is not an image of {dataset.AnnFile}.");
            int label = dataset.Selection.LabelOf(r.CategoryId)
                ?? throw new AnalysisException($"{where}: 'category_id' {r.CategoryId} is not one of the dataset's classes ({string.Join(", ", dataset.Metainfo.Classes)}).");
            if (!grouped.TryGetValue(r.ImageId, out var g)) grouped[r.ImageId] = g = ([], [], []);
            g.Boxes.AddRange([(float)bbox[0], (float)bbox[1], (float)(bbox[0] + bbox[2]), (float)(bbox[1] + bbox[3])]);
            g.Labels.Add(label);
            g.Scores.Add((float)r.Score);
        }
        return grouped.ToDictionary(p => p.Key, p => new ImageDetections([.. p.Value.Boxes], [.. p.Value.Labels], [.. p.Value.Scores]));
    }

    /// <summary>The detections of <paramref name="imageId"/>, empty when it has none.</summary>
    public static ImageDetections Of(this IReadOnlyDictionary<long, ImageDetections> byImage, long imageId) =>
        byImage.TryGetValue(imageId, out var d) ? d : ImageDetections.Empty;
}
