using System.Text.Json;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Runtime.Tests.Evaluation;

/// <summary>
/// COCO evaluation against pycocotools' COCOeval on hard synthetic cases (tests/golden/coco): every one
/// of the 12 summary numbers, and MMDetection's classwise AP, within 1e-9.
/// </summary>
public class CocoEvalGoldenTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "boxes", "bbox", "boxes_dt.json" },
        { "boxes", "bbox_maxdets_100_300_1000", "boxes_dt.json" },
        { "boxes", "proposal", "boxes_dt.json" },
        { "boxes", "segm_from_boxes", "boxes_dt.json" },
        { "masks", "segm", "masks_dt.json" },
        { "masks", "bbox", "masks_dt.json" },
        { "masks", "segm_rle_only", "masks_dt_rle_only.json" },
        { "masks", "bbox_rle_only", "masks_dt_rle_only.json" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwelveStatsMatchPycocotools(string @case, string metric, string results)
    {
        var (result, expected) = Evaluate(@case, metric, results);
        var stats = expected.GetProperty("stats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(12, result.Stats.Count);
        for (int i = 0; i < 12; i++)
            Assert.True(Math.Abs(stats[i] - result.Stats[i]) <= Tolerance, $"stats[{i}]: pycocotools {stats[i]:R}, Detect {result.Stats[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClasswiseApMatchesMmdetectionTable(string @case, string metric, string results)
    {
        var (result, expected) = Evaluate(@case, metric, results);
        if (!expected.TryGetProperty("classwise", out var rows)) return; // class-agnostic metric: no table
        var table = result.Classwise(id => id.ToString());
        Assert.Equal(rows.GetArrayLength(), table.Count);
        foreach (var (row, ours) in rows.EnumerateArray().Zip(table))
        {
            Assert.Equal(row[0].GetInt64(), ours.CategoryId);
            double[] values = [ours.MAP, ours.MAP50, ours.MAP75, ours.MAPSmall, ours.MAPMedium, ours.MAPLarge];
            for (int j = 0; j < 6; j++)
            {
                if (row[j + 1].ValueKind == JsonValueKind.Null) Assert.True(double.IsNaN(values[j]), $"category {ours.CategoryId} column {j}: expected NaN");
                else Assert.True(Math.Abs(row[j + 1].GetDouble() - values[j]) <= Tolerance, $"category {ours.CategoryId} column {j}: {row[j + 1].GetDouble():R} vs {values[j]:R}");
            }
        }
    }

    internal static (CocoEvalResult Result, JsonElement Expected) Evaluate(string @case, string metric, string results)
    {
        var gt = CocoAnnotationFile.Load(Golden.Path("coco", "cases", $"{@case}_gt.json"));
        var dt = CocoResultsJson.Load(Golden.Path("coco", "cases", results));
        var parameters = metric switch
        {
            "proposal" => CocoEvalParams.Proposal,
            "bbox_maxdets_100_300_1000" => CocoEvalParams.Bbox with { MaxDets = [100, 300, 1000] },
            _ when metric.StartsWith("segm") => CocoEvalParams.Segm,
            _ => CocoEvalParams.Bbox,
        };
        var expected = Golden.Json("coco", "coco_eval_expected.json").GetProperty(@case).GetProperty(metric);
        return (CocoEval.Run(gt, dt, parameters), expected);
    }
}
