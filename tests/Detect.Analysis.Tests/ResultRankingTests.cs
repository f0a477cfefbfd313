using Detect.Analysis.Data;
using Detect.Analysis.Results;

namespace Detect.Analysis.Tests;

/// <summary>Per-image mAP against analyze_results.py's bbox_map_eval (eval_map at .50:.95) on the golden case.</summary>
public sealed class ResultRankingTests
{
    [Fact]
    public void PerImageMapMatchesMmdetection()
    {
        var dataset = GoldenCase.Dataset();
        var ranking = ResultRanking.Rank(dataset, GoldenCase.Detections(dataset), topk: 3);
        var expected = GoldenCase.Expected.GetProperty("image_map");
        Assert.Equal(8, ranking.All.Count);
        foreach (var s in ranking.All) Assert.Equal(expected.GetProperty(s.Info.ImgId.ToString()).GetDouble(), s.MAp);
        // Ascending order, ties in dataset order: images 7 and 8 (no detections / no ground truth) score 0.
        Assert.Equal([7L, 8L, 5L], ranking.Bad.Select(s => s.Info.ImgId));
        Assert.Equal([3L, 6L, 2L], ranking.Good.Select(s => s.Info.ImgId));
    }

    [Fact]
    public void TopkIsCappedAtHalfTheImages()
    {
        var dataset = GoldenCase.Dataset();
        var ranking = ResultRanking.Rank(dataset, new Dictionary<long, ImageDetections>(), topk: 20);
        Assert.Equal(4, ranking.Good.Count);
        Assert.Equal(4, ranking.Bad.Count);
        Assert.All(ranking.All, s => Assert.Equal(0, s.MAp));
        Assert.Throws<AnalysisException>(() => ResultRanking.Rank(dataset, new Dictionary<long, ImageDetections>(), topk: 0));
    }
}
