using Detect.Analysis.Fusion;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Tests;

/// <summary>Weighted boxes fusion against mmdet/models/utils/wbf.py on three "models" of the golden case.</summary>
public sealed class WeightedBoxesFusionTests
{
    [Theory]
    [InlineData("avg", WbfConfType.Avg)]
    [InlineData("max", WbfConfType.Max)]
    [InlineData("box_and_model_avg", WbfConfType.BoxAndModelAvg)]
    [InlineData("absent_model_aware_avg", WbfConfType.AbsentModelAwareAvg)]
    public void FusedBoxesAndScoresMatchMmdetection(string key, WbfConfType confType)
    {
        IReadOnlyList<CocoResult>[] models = [.. new[] { "case_results.json", "case_results_b.json", "case_results_c.json" }
            .Select(f => (IReadOnlyList<CocoResult>)CocoResultsJson.Load(GoldenCase.File(f)))];
        var fused = ResultsFusion.Fuse(models, CocoAnnotationFile.Load(GoldenCase.GtPath), [2.0, 1.0, 1.0], 0.55, 0.05, confType);
        var expected = GoldenCase.Expected.GetProperty("wbf").GetProperty(key).EnumerateArray().ToList();
        Assert.Equal(expected.Count, fused.Count);
        Assert.True(fused.Count < models.Sum(m => m.Count));   // clusters were formed
        for (int i = 0; i < fused.Count; i++)
        {
            var e = expected[i];
            var b = fused[i].Bbox!;
            Assert.Equal(e.GetProperty("image_id").GetInt64(), fused[i].ImageId);
            Assert.Equal(e.GetProperty("category_id").GetInt64(), fused[i].CategoryId);
            Assert.Equal((float)e.GetProperty("score").GetDouble(), (float)fused[i].Score);
            float[] corners = [(float)b[0], (float)b[1], (float)(b[0] + b[2]), (float)(b[1] + b[3])];
            Assert.Equal(GoldenCase.Doubles(e.GetProperty("box")).Select(v => (float)v), corners);
        }
    }

    [Fact]
    public void NothingToFuseGivesNothing()
    {
        Assert.Empty(WeightedBoxesFusion.Fuse([[], []]));
        Assert.Empty(WeightedBoxesFusion.Fuse([[new WbfBox([1, 1, 1, 5], 0.9, 1)]]));   // zero area: skipped
        Assert.Throws<AnalysisException>(() => WeightedBoxesFusion.Fuse([[], []], weights: [1.0]));
    }
}
