using Detect.Engine;
using Detect.Engine.TestKit;

namespace Detect.Runtime.Tests.Engine;

/// <summary>A model that finds nothing (the Quickstart's untrained FCOS did, and validation crashed) validates and tests to mAP 0.</summary>
[Collection(EngineCollection.Name)]
public sealed class EmptyPredictionsTests(TinyData data)
{
    [Fact]
    public void A_model_that_predicts_nothing_validates_and_tests_to_zero_mAP()
    {
        var recorder = new LossRecorder();
        var visualization = new DetVisualizationHook(interval: 1, draw: true);
        var options = TinySetup.Options(data.NewWorkDir(), data.Train, data.Val, epochs: 1, model: new TinyDetector(3) { PredictsNothing = true },
            customHooks: [recorder, visualization]);
        using var runner = new Runner(options with
        {
            TestDataloader = TinySetup.ValLoader(data.Val),
            TestEvaluator = new CocoEvaluator(new Detect.Evaluation.CocoMetric(data.Val.AnnFile, classes: Detect.Data.ShapesDataset.Classes)),
        });
        runner.Train();
        var metrics = Assert.Single(recorder.Validations);
        // pycocotools: ground truth without any detection gives precision and recall 0 (not -1).
        foreach (var key in new[] { "coco/bbox_mAP", "coco/bbox_mAP_50", "coco/bbox_mAP_75" }) Assert.Equal(0.0, metrics[key]);
        Assert.Equal(2, Directory.GetFiles(visualization.LastValDir!, "*.jpg").Length); // the first image of each of the 2 val batches, drawn bare
        Assert.Equal(0.0, runner.Test()["coco/bbox_mAP"]);
    }
}
