using Detect.Checkpoints;
using Detect.Models.Zoo;
using TorchSharp;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect test --out / --format-only / --show-dir</c> on a shrunk, seeded, randomly initialized RetinaNet (score threshold
/// 0) and three generated shape images: the COCO results file scores the same through <c>detect eval</c>.
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public sealed class TestCommandTests
{
    internal static string[] Options(string root) => [.. TinyShapesRetinaNet.Options(root), "model.test_cfg.score_thr=0.0", "runtime.seed=0"];

    static string SaveRandomWeights(TempFolder tmp)
    {
        torch.random.manual_seed(0);
        using var model = new RetinaNetR50Fpn1xCoco().WithOptions(Options(tmp.Root).Skip(1)).BuildModel();
        string path = tmp["random.pth"];
        TorchCheckpointWriter.Save(path, new Dictionary<string, object?> { ["state_dict"] = model.state_dict() });
        return path;
    }

    /// <summary>Generates the data and weights under <paramref name="tmp"/> and runs <c>detect test</c> with <paramref name="extra"/>.</summary>
    internal static (Cli.Outcome Run, string Weights) Test(TempFolder tmp, params string[] extra)
    {
        TinyShapesRetinaNet.Generate(tmp.Root);
        string weights = SaveRandomWeights(tmp);
        return (Cli.Run(["test", TinyShapesRetinaNet.Experiment, "--checkpoint", weights, "--device", "cpu", "--work-dir", tmp["work"],
            .. extra, .. Options(tmp.Root)]), weights);
    }

    /// <summary>The six AP values printed (the test evaluator counts maxDets as MMDetection's proposal_nums 100/300/1000,
    /// detect eval as pycocotools' 1/10/100; with at most 100 detections per image the APs are the same).</summary>
    internal static List<string> AveragePrecisions(string output) =>
        [.. Summary(output).Where(l => l.StartsWith("Average Precision")).Select(l => l[(l.LastIndexOf('=') + 1)..])];

    static string[] Summary(string output) => [.. output.Split('\n').Where(l => l.Contains("Average Precision") || l.Contains("Average Recall")).Select(l => l.Trim())];

    [Fact]
    public void OutWritesCocoResultsThatEvalScoresTheSame()
    {
        using var tmp = new TempFolder();
        var (test, _) = Test(tmp, "--out", tmp["results.json"], "--show-dir", tmp["show"]);
        Assert.True(test.Exit == 0, test.Err + test.Out);
        Assert.Contains($"results written to {tmp["results.json"]}", test.Out);
        Assert.Equal(3, Directory.GetFiles(tmp["show"], "*.jpg", SearchOption.AllDirectories).Length);

        var eval = Cli.Run("eval", "--ann", Path.Combine(tmp.Root, "annotations", "instances_val.json"), "--results", tmp["results.json"]);
        Assert.True(eval.Exit == 0, eval.Err);
        var expected = AveragePrecisions(test.Out);
        var actual = AveragePrecisions(eval.Out);
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, actual);
        Assert.NotEqual(" 0.000", expected[1]);   // AP50 of the seeded model with score_thr 0 is not zero: the comparison means something
    }

    [Fact]
    public void FormatOnlyWritesResultsAndSkipsTheMetrics()
    {
        using var tmp = new TempFolder();
        var (test, weights) = Test(tmp, "--out", tmp["submission.json"], "--format-only");
        Assert.True(test.Exit == 0, test.Err + test.Out);
        Assert.Empty(Summary(test.Out));
        Assert.NotEmpty(Detect.Evaluation.CocoResultsJson.Load(tmp["submission.json"]));

        var alone = Cli.Run(["test", TinyShapesRetinaNet.Experiment, "--checkpoint", weights, "--format-only", .. Options(tmp.Root)]);
        Assert.Equal(2, alone.Exit);
        Assert.Contains("--format-only needs --out", alone.Err);
    }
}
