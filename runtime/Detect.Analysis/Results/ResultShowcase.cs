using Detect.Analysis.Data;
using Detect.Evaluation;

namespace Detect.Analysis.Results;

/// <summary>
/// MMDetection's <c>analyze_results.py</c> end to end: ranks the images and draws the best into
/// <c>&lt;show dir&gt;/good/</c> and the worst into <c>&lt;show dir&gt;/bad/</c>, each named
/// <c>&lt;image stem&gt;_&lt;round(mAP, 3)&gt;.jpg</c>.
/// </summary>
public static class ResultShowcase
{
    /// <summary>Writes the pictures; returns the ranking and the files written.</summary>
    public static (ResultRanking Ranking, IReadOnlyList<string> Files) Write(
        Detect.Datasets.CocoDataset dataset, IReadOnlyDictionary<long, ImageDetections> detections, string showDir, int topk = 20, double showScoreThr = 0)
    {
        var ranking = ResultRanking.Rank(dataset, detections, topk);
        var files = new List<string>();
        foreach (var (folder, images) in new[] { ("good", ranking.Good), ("bad", ranking.Bad) })
        {
            foreach (var image in images)
            {
                string name = $"{Path.GetFileNameWithoutExtension(image.Info.ImgPath)}_{ClasswiseTable.Round3(image.MAp)}.jpg";
                string path = Path.Combine(Path.GetFullPath(showDir), folder, name);
                GtPredPainter.Save(image.Info, detections.Of(image.Info.ImgId), dataset.Metainfo.Classes, showScoreThr, path);
                files.Add(path);
            }
        }
        return (ranking, files);
    }
}
