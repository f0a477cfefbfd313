using System.Text.Json;
using Detect.Datasets;
using Detect.Evaluation;
using Detect.Visualization;

namespace Detect.Cli.Tests;

/// <summary>
/// The analysis tools end to end through <c>detect</c>: the numbers they print or write come from the golden case
/// (tests/golden/analysis), and pictures are decodable images of the expected size. Set DETECT_TEST_PICTURES to a
/// folder to keep the pictures for looking at.
/// </summary>
public sealed class AnalysisCommandTests
{
    static string Golden(string name) => Cli.Fixture("analysis", name);

    static JsonElement Expected => JsonDocument.Parse(File.ReadAllText(Golden("expected.json"))).RootElement;

    static string Output(TempFolder tmp, string name) =>
        Environment.GetEnvironmentVariable("DETECT_TEST_PICTURES") is { Length: > 0 } keep ? Path.Combine(keep, name) : tmp[name];

    [Fact]
    public void CalTrainTimePrintsMmdetectionsLines()
    {
        string log = Golden("scalars.json");
        var run = Cli.Run("analyze-logs", "cal-train-time", log);
        Assert.True(run.Exit == 0, run.Err);
        var expected = Expected.GetProperty("logs").GetProperty("cal_train_time").EnumerateArray().Select(l => l.GetString()).Skip(1);
        var lines = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal($"-----Analyze train time of {log}-----", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Take(5));
    }

    [Fact]
    public void PlotCurveWritesTheFigure()
    {
        using var tmp = new TempFolder();
        string png = Output(tmp, "loss_curve.png");
        var run = Cli.Run("analyze-logs", "plot-curve", Golden("scalars.json"), "--keys", "loss_cls", "loss_bbox", "--title", "losses", "--out", png);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains($"save curve to: {png}", run.Out);
        using var image = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((1000, 600), (image.Width, image.Height));
    }

    [Fact]
    public void LogProblemsAreMessagesNotCrashes()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp["val.json"], "{\"coco/bbox_mAP\": 0.5, \"step\": 1}\n");
        var time = Cli.Run("analyze-logs", "cal-train-time", tmp["val.json"]);
        Assert.Equal(1, time.Exit);
        Assert.Contains("no training iteration times", time.Err);
        var curve = Cli.Run("analyze-logs", "plot-curve", Golden("scalars.json"), "--keys", "loss_rpn", "--out", tmp["x.png"]);
        Assert.Equal(1, curve.Exit);
        Assert.Contains("does not contain metric loss_rpn", curve.Err);
    }

    [Fact]
    public void ConfusionMatrixWritesMmdetectionsCounts()
    {
        using var tmp = new TempFolder();
        string classes = "[circle,ellipse,square,triangle]";
        string[] options =
        [
            "--cfg-options", $"test_dataloader.dataset.data_root={Path.GetDirectoryName(Golden("case_gt.json"))}/", "test_dataloader.dataset.ann_file=case_gt.json",
            $"test_dataloader.dataset.classes={classes}", $"train_dataloader.dataset.classes={classes}", $"val_dataloader.dataset.classes={classes}",
            "model.bbox_head.num_classes=4",
        ];
        string folder = Output(tmp, "confusion");
        var run = Cli.Run(["confusion-matrix", "FcosR50Fpn1xCoco", Golden("case_results.json"), "--out", folder, .. options]);
        Assert.True(run.Exit == 0, run.Err);
        var rows = File.ReadAllLines(Path.Combine(folder, "confusion_matrix.csv"));
        Assert.Equal("gt \\ predicted,circle,ellipse,square,triangle,background", rows[0]);
        var expected = Expected.GetProperty("confusion").GetProperty("score0.3_iou0.5");
        for (int i = 0; i < 5; i++)
            Assert.Equal(expected[i].EnumerateArray().Select(v => v.GetDouble()), rows[i + 1].Split(',').Skip(1).Select(double.Parse));
        using var image = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, "confusion_matrix.png"));
        Assert.True(image.Width > 500);

        File.WriteAllText(tmp["none.json"], "[]");
        var empty = Cli.Run(["confusion-matrix", "FcosR50Fpn1xCoco", tmp["none.json"], "--out", tmp["empty"], .. options]);
        Assert.True(empty.Exit == 0, empty.Err);
        Assert.Contains("holds no results", empty.Err);
    }

    [Fact]
    public void CocoErrorAnalysisWritesEveryFigure()
    {
        using var tmp = new TempFolder();
        string folder = Output(tmp, "error_analysis");
        var run = Cli.Run("coco-error-analysis", Golden("case_results.json"), "--ann", Golden("case_gt.json"), "--out", folder);
        Assert.True(run.Exit == 0, run.Err);
        var aps = Expected.GetProperty("error_analysis").GetProperty("ap").GetProperty("all/0").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        string[] types = ["C75", "C50", "Loc", "Sim", "Oth", "BG", "FN"];
        Assert.Contains("bbox: " + string.Join("  ", types.Select((t, i) => $"{t} {aps[i]:F3}")), run.Out);
        Assert.Equal(20, Directory.GetFiles(Path.Combine(folder, "bbox"), "*.png").Length);
    }

    [Fact]
    public void FuseResultsWritesAndEvaluatesTheFusion()
    {
        using var tmp = new TempFolder();
        var run = Cli.Run("fuse-results", Golden("case_results.json"), Golden("case_results_b.json"), Golden("case_results_c.json"),
            "--ann", Golden("case_gt.json"), "--weights", "2", "1", "1", "--skip-box-thr", "0.05", "--out", tmp["fused.json"]);
        Assert.True(run.Exit == 0, run.Err);
        var fused = CocoResultsJson.Load(tmp["fused.json"]);
        Assert.Equal(Expected.GetProperty("wbf").GetProperty("avg").GetArrayLength(), fused.Count);
        double ap = CocoEval.Run(CocoAnnotationFile.Load(Golden("case_gt.json")), fused).Stats[0];
        Assert.Contains($"Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = {ap:F3}", run.Out);

        var wrongWeights = Cli.Run("fuse-results", Golden("case_results.json"), "--weights", "1", "2", "--out", tmp["x.json"]);
        Assert.Equal(1, wrongWeights.Exit);
        Assert.Contains("2 weights for 1 result files", wrongWeights.Err);
    }

    [Fact]
    public void EvalComputesVocMap()
    {
        var run = Cli.Run("eval", "--ann", Golden("case_gt.json"), "--results", Golden("case_results.json"), "--metric", "voc-map", "--eval-mode", "11points", "--iou-thr", "0.5");
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("Evaluate Pascal VOC AP (iou_thr 0.5, 11points)", run.Out);
        Assert.Contains("| class    | gts | dets | recall | ap    |", run.Out);
        Assert.Contains("| mAP      |", run.Out);
    }

    [Fact]
    public void PublishModelStripsTrainingState()
    {
        using var tmp = new TempFolder();
        Detect.Checkpoints.TorchCheckpointWriter.Save(tmp["epoch_1.pth"], new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?> { ["epoch"] = 1L },
            ["state_dict"] = new Dictionary<string, object?> { ["w"] = TorchSharp.torch.ones(2) },
            ["optimizer"] = new Dictionary<string, object?> { ["lr"] = 0.1 },
        });
        var run = Cli.Run("publish-model", tmp["epoch_1.pth"], tmp["published.pth"]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("Key `optimizer` will be removed", run.Out);
        string final = run.Out.Trim().Split('\n')[^1];
        Assert.Matches(@"published-[0-9a-f]{8}\.pth$", final);
        Assert.True(File.Exists(final));
    }

    [Fact]
    public void AnalyzeResultsDrawsTheBestAndWorstImages()
    {
        using var tmp = new TempFolder();
        var shapes = new ShapesExperiment(tmp["shapes"]);
        var gt = CocoAnnotationFile.Load(shapes.Split.AnnFile);
        // Image 1 found exactly, image 2 with shifted boxes, image 3 with a wrong class, image 4 not at all.
        var results = gt.Annotations.Where(a => a.ImageId <= 3).Select(a => a.ImageId switch
        {
            1 => new CocoResult(1, a.CategoryId, a.Bbox, 0.9),
            2 => new CocoResult(2, a.CategoryId, [a.Bbox[0] + a.Bbox[2] * 0.3, a.Bbox[1], a.Bbox[2], a.Bbox[3]], 0.8),
            _ => new CocoResult(a.ImageId, a.CategoryId % 3 + 1, a.Bbox, 0.7),
        }).ToList();
        CocoResultsJson.Save(tmp["results.json"], results);
        string folder = Output(tmp, "analyze_results");
        var run = Cli.Run(["analyze-results", ShapesExperiment.Experiment, tmp["results.json"], "--show-dir", folder, "--topk", "2", .. shapes.CfgOptions]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Equal(["000000_1.0.jpg"], Directory.GetFiles(Path.Combine(folder, "good")).Select(Path.GetFileName).Where(f => f!.StartsWith("000000")));
        Assert.Contains("000003_0.0.jpg", Directory.GetFiles(Path.Combine(folder, "bad")).Select(Path.GetFileName));
        using var picture = ImageFiles.ReadBgr(Path.Combine(folder, "good", "000000_1.0.jpg"));
        Assert.Equal([3L, 96, 192], picture.shape);   // ground truth | predictions
    }

    [Fact]
    public void BrowseDatasetDrawsTheTrainingPipelinesOutput()
    {
        using var tmp = new TempFolder();
        var shapes = new ShapesExperiment(tmp["shapes"], count: 2);
        string folder = Output(tmp, "browse");
        var run = Cli.Run(["browse-dataset", ShapesExperiment.Experiment, "--output-dir", folder, "--not-show", .. shapes.CfgOptions]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("2 pictures", run.Out);
        using var picture = ImageFiles.ReadBgr(Path.Combine(folder, "000000.jpg"));
        Assert.Equal([3L, 800, 800], picture.shape);   // Resize to (1333, 800) keeping the ratio of a 96×96 image
    }
}
