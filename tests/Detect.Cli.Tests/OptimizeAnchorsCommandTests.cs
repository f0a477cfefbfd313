using System.Text.Json;
using Detect.Data;
using Detect.Datasets;
using Detect.Models.Analysis.Anchors;
using Detect.Models.Analysis.Optimization;

namespace Detect.Cli.Tests;

/// <summary><c>detect optimize-anchors</c> on a generated shapes dataset (the optimizers are checked against numpy/scipy in Detect.Models.Tests).</summary>
public sealed class OptimizeAnchorsCommandTests
{
    [Fact]
    public void KMeansAnchorsOfTheTrainingBoxesAreWritten()
    {
        using var tmp = new TempFolder();
        TinyShapesRetinaNet.Generate(tmp.Root);
        var run = Cli.Run(["optimize-anchors", TinyShapesRetinaNet.Experiment, "--algorithm", "k-means", "--input-shape", "320", "256",
            "--num-anchors", "3", "--seed", "0", "--out", tmp["anchors.json"], .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.True(run.Exit == 0, run.Err);

        // The same boxes and start, straight through the API.
        var dataset = new CocoDataset("annotations/instances_train.json", tmp.Root, "train/", classes: ShapesDatasetClasses, filterEmptyGt: true);
        var boxes = AnchorBoxes.Collect(dataset.DataList, (320, 256));
        var expected = new YoloKMeansAnchorOptimizer(3).Optimize(boxes, new NumpyRandomState(0));
        Assert.Contains($"Collected {boxes.Length} bboxes.", run.Out);
        Assert.Contains($"Anchor optimize result:{expected.RoundedText}", run.Out);
        Assert.Equal(expected.Rounded, JsonSerializer.Deserialize<int[][]>(File.ReadAllText(tmp["anchors.json"])));
        Assert.True(expected.AverageIou > 0.5, $"average IoU {expected.AverageIou}");
    }

    [Fact]
    public void DifferentialEvolutionPrintsScipysSteps()
    {
        using var tmp = new TempFolder();
        TinyShapesRetinaNet.Generate(tmp.Root);
        var run = Cli.Run(["optimize-anchors", TinyShapesRetinaNet.Experiment, "--num-anchors", "2", "--iters", "30", "--seed", "1",
            .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("differential_evolution step 1: f(x)= ", run.Out);
        Assert.Contains("Anchor evolution finish. Average IOU: ", run.Out);
    }

    [Fact]
    public void ADatasetWithoutBoxesIsReported()
    {
        using var tmp = new TempFolder();
        ShapesDataset.Generate(tmp.Root, "train", 2, TinyShapesRetinaNet.Shapes with { MinShapes = 0, MaxShapes = 0 });
        var run = Cli.Run(["optimize-anchors", TinyShapesRetinaNet.Experiment, .. TinyShapesRetinaNet.Options(tmp.Root),
            "train_dataloader.dataset.filter_empty_gt=false"]);
        Assert.Equal(1, run.Exit);
        Assert.Contains("no boxes", run.Err);
    }

    static readonly string[] ShapesDatasetClasses = ["circle", "square", "triangle"];
}
