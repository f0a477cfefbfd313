using System.Text.Json;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Runtime.Tests.Evaluation;

/// <summary>Results and statistics written to files: the COCO results format round trip, stats JSON and CSV.</summary>
public class CocoEvalExportTests
{
    [Fact]
    public void ResultsRoundTripThroughTheResultsFormat()
    {
        using var dir = new TempFolder();
        var results = CocoResultsJson.Load(Golden.Path("coco", "cases", "masks_dt.json"));
        string path = Path.Combine(dir.Root, "again.json");
        CocoResultsJson.Save(path, results);
        var again = CocoResultsJson.Load(path);
        Assert.Equal(results.Count, again.Count);
        for (int i = 0; i < results.Count; i++)
        {
            Assert.Equal((results[i].ImageId, results[i].CategoryId, results[i].Score), (again[i].ImageId, again[i].CategoryId, again[i].Score));
            Assert.Equal(results[i].Bbox, again[i].Bbox);
            Assert.Equal(((RleSegmentation)results[i].Segmentation!).Counts, ((RleSegmentation)again[i].Segmentation!).Counts);
        }
        // The compressed strings are written as pycocotools wrote them.
        var original = Golden.Json("coco", "cases", "masks_dt.json")[0].GetProperty("segmentation").GetProperty("counts").GetString();
        using var written = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(original, written.RootElement[0].GetProperty("segmentation").GetProperty("counts").GetString());
    }

    [Fact]
    public void StatsAndTablesAreWrittenAtFullPrecision()
    {
        using var dir = new TempFolder();
        var (result, expected) = CocoEvalGoldenTests.Evaluate("boxes", "bbox", "boxes_dt.json");
        string json = Path.Combine(dir.Root, "out", "stats.json");
        CocoEvalExport.WriteStatsJson(json, new Dictionary<string, CocoEvalResult> { ["bbox"] = result });
        using var written = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(expected.GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()), written.RootElement.GetProperty("bbox").EnumerateArray().Select(e => e.GetDouble()));

        string summary = Path.Combine(dir.Root, "bbox_summary.csv");
        CocoEvalExport.WriteSummaryCsv(summary, "bbox", result);
        var lines = File.ReadAllLines(summary);
        Assert.Equal("name,value,description", lines[0]);
        Assert.Equal($"bbox_mAP_50,{result.Stats[1]:R},Average Precision (AP) @[ IoU=0.50 | area=all | maxDets=100 ]", lines[2]);
        Assert.StartsWith("bbox_AR_l@100,", lines[12]);

        string classwise = Path.Combine(dir.Root, "bbox_classwise.csv");
        CocoEvalExport.WriteClasswiseCsv(classwise, result.Classwise(id => $"c{id}"));
        var rows = File.ReadAllLines(classwise);
        Assert.Equal(6, rows.Length);
        Assert.Equal("18,c18,nan,nan,nan,nan,nan,nan", rows[3]); // category 18 has detections but no ground truth
    }

    [Fact]
    public void ClasswiseTableRoundsAsPython()
    {
        Assert.Equal("0.062", ClasswiseTable.Round3(0.0625));   // half to even on the exact binary value
        Assert.Equal("0.35", ClasswiseTable.Round3(0.3499999));
        Assert.Equal("1.0", ClasswiseTable.Round3(1));
        Assert.Equal("nan", ClasswiseTable.Round3(double.NaN));
    }

    [Fact]
    public void ResultsForUnknownImagesOrInconsistentFormatsAreRejected()
    {
        var gt = CocoAnnotationFile.Load(Golden.Path("coco", "cases", "boxes_gt.json"));
        var unknown = Assert.Throws<CocoFormatException>(() => CocoEval.Run(gt, [new CocoResult(999, 3, [0, 0, 1, 1], 0.5)]));
        Assert.Contains("result #0", unknown.Message);
        Assert.Contains("'image_id' 999", unknown.Message);
        var mixed = Assert.Throws<CocoFormatException>(() => CocoEval.Run(gt, [new CocoResult(1, 3, [0, 0, 1, 1], 0.5), new CocoResult(1, 3, null, 0.4, new PolygonSegmentation([[0, 0, 1, 0, 1, 1]]))]));
        Assert.Contains("result #1", mixed.Message);
        using var dir = new TempFolder();
        var boxesOnly = CocoAnnotationFile.Load(dir.Write("gt.json", """
            {"images": [{"id": 1, "width": 10, "height": 10}], "categories": [{"id": 1, "name": "a"}],
             "annotations": [{"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "area": 4}]}
            """));
        var noMask = Assert.Throws<CocoFormatException>(() => CocoEval.Run(boxesOnly, [new CocoResult(1, 1, [0, 0, 2, 2], 1)], CocoEvalParams.Segm));
        Assert.Equal("annotation id 4", noMask.Record);
        Assert.Contains("no 'segmentation'", noMask.Problem);
    }
}
