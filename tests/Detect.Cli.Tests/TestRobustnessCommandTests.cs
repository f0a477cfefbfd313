using System.Text.Json;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect test-robustness</c> on a shrunk, seeded, randomly initialized RetinaNet (score threshold 0, so it detects
/// something) and three generated shape images: every corruption and severity is evaluated, the clean run once, and
/// P, mPC and rPC follow from the runs' metrics.
/// </summary>
public sealed class TestRobustnessCommandTests
{
    [Fact]
    public void EvaluatesEachCorruptionAndSeverityAndSummarizes()
    {
        using var tmp = new TempFolder();
        TinyShapesRetinaNet.Generate(tmp.Root);
        var run = Cli.Run(["test-robustness", TinyShapesRetinaNet.Experiment, "--corruptions", "gaussian_noise", "contrast", "--severities", "0", "1", "3",
            "--out", tmp["results.json"], "--work-dir", tmp["work"], "--device", "cpu",
            .. TinyShapesRetinaNet.Options(tmp.Root), "model.test_cfg.score_thr=0.0", "runtime.seed=0"]);
        Assert.True(run.Exit == 0, run.Err + run.Out);
        Assert.Contains("no --weights given", run.Err);
        Assert.Contains("Testing gaussian_noise at severity 0", run.Out);
        Assert.DoesNotContain("Testing contrast at severity 0", run.Out);   // the clean run is shared
        Assert.Contains("Testing contrast at severity 3", run.Out);
        Assert.Contains("Note: mPC averages severities 1, 3 only", run.Out);

        var json = JsonDocument.Parse(File.ReadAllText(tmp["results.json"])).RootElement;
        var table = json.GetProperty("aggregated_results");
        double Value(string corruption, string severity) => table.GetProperty(corruption).GetProperty(severity).GetProperty("coco/bbox_mAP_50").GetDouble();
        double p = Value("gaussian_noise", "0");
        Assert.True(p > 0, "the seeded model with score_thr 0 should find some shapes");
        Assert.Equal(p, Value("contrast", "0"));
        double mpc = new[] { Value("gaussian_noise", "1"), Value("gaussian_noise", "3"), Value("contrast", "1"), Value("contrast", "3") }.Average();
        Assert.Equal(p, json.GetProperty("P").GetProperty("coco/bbox_mAP_50").GetDouble());
        Assert.Equal(mpc, json.GetProperty("mPC").GetProperty("coco/bbox_mAP_50").GetDouble(), 12);
        Assert.Equal(mpc / p, json.GetProperty("rPC").GetProperty("coco/bbox_mAP_50").GetDouble(), 12);
        Assert.NotEqual(p, Value("contrast", "3"));   // a contrast of 0.2 changes what the model sees
        Assert.Contains($" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = {Detect.Config.PythonFloat.Fixed(p, 3)}", run.Out);
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        using var tmp = new TempFolder();
        var unknown = Cli.Run(["test-robustness", TinyShapesRetinaNet.Experiment, "--corruptions", "rain", .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("unknown corruption 'rain'", unknown.Err);
        var missing = Cli.Run(["test-robustness", TinyShapesRetinaNet.Experiment, "--weights", tmp["none.pth"], .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no such checkpoint file", missing.Err);
    }
}
