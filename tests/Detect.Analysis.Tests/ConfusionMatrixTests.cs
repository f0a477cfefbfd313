using Detect.Analysis.Confusion;
using Detect.Analysis.Data;
using Detect.Datasets;

namespace Detect.Analysis.Tests;

/// <summary>The confusion matrix against MMDetection's analyze_per_img_dets on the golden case.</summary>
public sealed class ConfusionMatrixTests
{
    [Theory]
    [InlineData("score0.3_iou0.5", 0.3, 0.5)]
    [InlineData("score0_iou0.3", 0.0, 0.3)]
    public void MatchesMmdetection(string key, double scoreThr, double tpIouThr)
    {
        var dataset = GoldenCase.Dataset();
        var matrix = ConfusionMatrix.Compute(dataset, GoldenCase.Detections(dataset), scoreThr, tpIouThr);
        var expected = GoldenCase.Expected.GetProperty("confusion").GetProperty(key);
        Assert.Equal(["circle", "ellipse", "square", "triangle", "background"], matrix.Labels);
        for (int i = 0; i < 5; i++)
            Assert.Equal(GoldenCase.Doubles(expected[i]), Enumerable.Range(0, 5).Select(j => matrix[i, j]));
    }

    [Fact]
    public void WithoutDetectionsEveryGroundTruthIsMissed()
    {
        var dataset = GoldenCase.Dataset();
        var matrix = ConfusionMatrix.Compute(dataset, new Dictionary<long, ImageDetections>());
        var perClass = dataset.SelectMany(d => d.Instances).GroupBy(i => i.BboxLabel).ToDictionary(g => g.Key, g => g.Count());
        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(perClass.GetValueOrDefault(c), matrix[c, 4]);
            Assert.Equal(100f, matrix.Normalized()[c, 4]);
        }
        Assert.True(float.IsNaN(matrix.Normalized()[4, 0]));   // background row: nothing at all
    }

    [Fact]
    public void NmsKeepsTheBestOfOverlappingDuplicates()
    {
        // Two boxes of class 0 on one ground truth (IoU 0.9 between them): without NMS both count, with NMS at 0.5 one.
        InstanceInfo[] gt = [new([10, 10, 50, 50], 0, false, null, 1)];
        var dets = new ImageDetections([10, 10, 50, 50, 11, 10, 50, 50, 200, 200, 220, 220], [0, 0, 0], [0.9f, 0.8f, 0.7f]);
        var plain = ConfusionMatrix.Compute(Single(gt), Map(dets));
        var nms = ConfusionMatrix.Compute(Single(gt), Map(dets), nmsIouThr: 0.5);
        Assert.Equal(2, plain[0, 0]);
        Assert.Equal(1, nms[0, 0]);
        Assert.Equal(1, nms[1, 0]);   // the far box is a background false positive either way
        Assert.Equal(0, nms[0, 1]);
    }

    static Dictionary<long, ImageDetections> Map(ImageDetections d) => new() { [1] = d };

    static CocoDataset Single(InstanceInfo[] gt)
    {
        string path = Path.Combine(Path.GetTempPath(), $"detect-confusion-{Guid.NewGuid():N}.json");
        CocoJsonWriter.Save(path, [new CocoImage(1, "a.jpg", 300, 300)], [new CocoCategory(1, "a")],
            gt.Select(g => new CocoAnnotation(g.AnnotationId, 1, 1, [g.Bbox[0], g.Bbox[1], g.Bbox[2] - g.Bbox[0], g.Bbox[3] - g.Bbox[1]], 1600, false)));
        try { return new CocoDataset(path, testMode: true); }
        finally { File.Delete(path); }
    }
}
