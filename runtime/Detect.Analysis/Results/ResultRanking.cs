using Detect.Analysis.Data;
using Detect.Datasets;

namespace Detect.Analysis.Results;

/// <summary>An image of the dataset and its mAP.</summary>
/// <param name="Index">Position in the dataset.</param>
/// <param name="Info">The image's record.</param>
/// <param name="MAp">Its <see cref="ImageMap"/>.</param>
public sealed record ImageScore(int Index, DataInfo Info, double MAp);

/// <summary>
/// MMDetection's <c>ResultVisualizer.detection_evaluate</c>: every image's mAP, sorted ascending (ties in
/// dataset order); the <see cref="Good"/> images are the last <c>topk</c>, the <see cref="Bad"/> ones the
/// first <c>topk</c>, where topk shrinks to half the dataset when it is larger.
/// </summary>
/// <param name="All">Every image, in dataset order.</param>
/// <param name="Good">The best topk, ascending.</param>
/// <param name="Bad">The worst topk, ascending.</param>
public sealed record ResultRanking(IReadOnlyList<ImageScore> All, IReadOnlyList<ImageScore> Good, IReadOnlyList<ImageScore> Bad)
{
    /// <summary>Scores every image of <paramref name="dataset"/> and picks the best and worst <paramref name="topk"/>.</summary>
    /// <exception cref="AnalysisException">topk below 1, or a dataset without images.</exception>
    public static ResultRanking Rank(CocoDataset dataset, IReadOnlyDictionary<long, ImageDetections> detections, int topk = 20)
    {
        if (topk < 1) throw new AnalysisException($"--topk must be at least 1, got {topk}.");
        if (dataset.Count == 0) throw new AnalysisException($"{dataset.AnnFile}: the dataset has no images to rank.");
        int classes = dataset.Metainfo.Classes.Count;
        var all = dataset.DataList.Select((info, i) => new ImageScore(i, info, ImageMap.Compute(detections.Of(info.ImgId), info.Instances, classes))).ToList();
        topk = Math.Min(topk, all.Count / 2);
        var sorted = all.OrderBy(s => s.MAp).ToList();   // stable, as Python's sorted
        return new ResultRanking(all, sorted[^topk..], sorted[..topk]);
    }
}
