using Detect.Config;
using Detect.Data;
using Detect.Datasets;
using Detect.Inference;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// The test-time augmentation of <c>detect test --tta</c>. MMDetection's <c>tools/test.py --tta</c> takes <c>tta_pipeline</c>
/// and <c>tta_model</c> from the config; the typed configs have no vocabulary for them yet, so every experiment gets the zoo
/// default: the flip TTA of MMDetection's configs (<c>RandomFlip(prob=1.)</c> and <c>RandomFlip(prob=0.)</c>) built from the
/// test pipeline (<see cref="InferencePipeline.FlipTestTimeAug"/>), merged by <c>DetTTAModel</c>'s default
/// <c>tta_cfg=dict(nms=dict(type='nms', iou_threshold=0.5), max_per_img=100)</c>.
/// </summary>
public static class TestTimeAugSetup
{
    /// <summary>The views loader over <paramref name="plan"/>'s records and batches, and the merger; says what it uses in <paramref name="log"/>.</summary>
    /// <exception cref="ConfigurationException">The test pipeline does not start with LoadImageFromFile or end with PackDetInputs.</exception>
    public static TestTimeAugData Create(IExperiment experiment, DataLoaderPlan plan, int seed, Action<string> log)
    {
        const string key = "test_dataloader.dataset.pipeline";
        TestTimeAug views;
        InferencePipeline split;
        try
        {
            split = new InferencePipeline(experiment.BuildTestPipeline());
            views = split.FlipTestTimeAug();
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{experiment.Name}: --tta: {key}: {e.Message}", e);
        }
        var merger = new DetTtaMerger();
        log($"--tta: flip test-time augmentation built from {key} (each image flipped and as it is; the config has no tta_pipeline), " +
            $"merged with class-aware NMS (iou_threshold={merger.IouThreshold}, max_per_img={merger.MaxPerImg}).");
        var pipeline = Pipeline.Start<DataInfo>().Then(split.Loader).Then(views);
        return new TestTimeAugData(plan.CreateTestTimeAug("test_dataloader", seed, new PipelineDataset<TtaInputs>(plan.Dataset.DataInfos, pipeline)), merger);
    }
}
