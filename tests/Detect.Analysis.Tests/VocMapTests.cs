using Detect.Analysis.Voc;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Tests;

/// <summary>VOC AP of COCO files: perfect detections score 1, the summary is MMDetection's table.</summary>
public sealed class VocMapTests
{
    [Fact]
    public void GroundTruthAsDetectionsScoresOneAndCrowdsAreIgnored()
    {
        var gt = CocoAnnotationFile.Load(GoldenCase.GtPath);
        var perfect = gt.Annotations.Where(a => !a.IsCrowd).Select((a, i) => new CocoResult(a.ImageId, a.CategoryId, a.Bbox, 1.0 - i * 0.01)).ToList();
        var (result, classes) = CocoVocMap.Evaluate(GoldenCase.GtPath, perfect, "perfect");
        Assert.Equal(1f, result.MeanAp[0]);
        Assert.Equal(gt.Annotations.Count(a => !a.IsCrowd), result.Classes.Sum(c => c.NumGts[0]));
        string table = CocoVocMap.Summary(result, classes);
        Assert.Contains("| class    | gts | dets | recall | ap    |", table);
        Assert.Contains("| mAP      |     |      |        | 1.000 |", table);
    }

    [Fact]
    public void ElevenPointsAndAreaDifferOnTheCase()
    {
        var results = CocoResultsJson.Load(GoldenCase.ResultsPath);
        var area = CocoVocMap.Evaluate(GoldenCase.GtPath, results, "case").Result.MeanAp[0];
        var eleven = CocoVocMap.Evaluate(GoldenCase.GtPath, results, "case", evalMode: VocEvalMode.ElevenPoints).Result.MeanAp[0];
        Assert.InRange(area, 0.2f, 0.9f);
        Assert.NotEqual(area, eleven);
    }
}
