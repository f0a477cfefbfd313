using Detect.Engine;

namespace Detect.Runtime.Tests.Engine;

/// <summary>robustness_eval.py's arithmetic: P from the clean run, mPC over the first 15 corruptions and severities 1–5, rPC = mPC / P.</summary>
public class RobustnessResultsTests
{
    static Dictionary<string, double> Metrics(double map) => new() { ["coco/bbox_mAP"] = map, ["coco/bbox_mAP_50"] = 2 * map };

    [Fact]
    public void PmPCAndrPCFollowMmdetection()
    {
        var results = new RobustnessResults();
        for (int c = 0; c < 16; c++)   // a 16th corruption (a hold-out one in MMDetection) is left out of mPC
            for (int s = 0; s <= 5; s++)
                results.Add($"c{c}", s, Metrics(s == 0 ? 0.4 : c == 15 ? 0.9 : 0.1 * s / 5 + 0.01 * c));
        // mPC = mean over c < 15 and s = 1..5 of 0.02 s + 0.01 c = 0.02 · 3 + 0.01 · 7 = 0.13.
        Assert.Equal(0.4, results.P("coco/bbox_mAP"));
        Assert.Equal(0.13, results.MPC("coco/bbox_mAP")!.Value, 12);
        Assert.Equal(0.13 / 0.4, results.RPC("coco/bbox_mAP")!.Value, 12);
        Assert.Equal(0.26, results.MPC("coco/bbox_mAP_50")!.Value, 12);
        var summary = results.Summary();
        Assert.Contains("Performance on Clean Data [P] (coco/bbox)\n Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.400\n", summary);
        Assert.Contains("Mean Performance under Corruption [mPC] (coco/bbox)\n Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.130\n", summary);
        Assert.Contains(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.800\n", summary);
        Assert.DoesNotContain("Note:", summary);
    }

    [Fact]
    public void WithoutTheCleanRunThereIsNoPOrRPC()
    {
        var results = new RobustnessResults();
        results.Add("snow", 2, Metrics(0.2));
        Assert.Null(results.P("coco/bbox_mAP"));
        Assert.Null(results.RPC("coco/bbox_mAP"));
        Assert.Equal(0.2, results.MPC("coco/bbox_mAP"));
        Assert.Contains("= n/a", results.Summary());
        Assert.Contains("Note: mPC averages severities 2 only", results.Summary());
        Assert.Null(new RobustnessResults().MPC("coco/bbox_mAP"));
    }
}
