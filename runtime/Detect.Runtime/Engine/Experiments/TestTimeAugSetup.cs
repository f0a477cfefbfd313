using Detect.Config;
using Detect.Data;
using Detect.Datasets;
using Detect.Inference;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// The test-time augmentation of <c>detect test --tta</c> (MMDetection's <c>tools/test.py --tta</c>): the experiment's
/// <c>tta_pipeline</c> and <c>tta_model</c>, or MMDetection's flip TTA from the test pipeline where the config has none
/// (<see cref="TestTimeAugmentation"/>).
/// </summary>
public static class TestTimeAugSetup
{
    /// <summary>The views loader over <paramref name="plan"/>'s records and batches, and the merger; says what it uses in <paramref name="log"/>.</summary>
    /// <exception cref="ConfigurationException">The test pipeline does not start with LoadImageFromFile or end with PackDetInputs, or the TTA settings do not compose.</exception>
    public static TestTimeAugData Create(IExperiment experiment, DataLoaderPlan plan, int seed, Action<string> log)
    {
        const string key = "test_dataloader.dataset.pipeline";
        TestTimeAugmentation tta;
        try
        {
            tta = TestTimeAugmentation.For(experiment, new InferencePipeline(experiment.BuildTestPipeline()));
        }
        catch (ConfigurationException e) when (!e.Message.StartsWith(experiment.Name, StringComparison.Ordinal))
        {
            throw new ConfigurationException($"{experiment.Name}: --tta: {key}: {e.Message}", e);
        }
        log($"--tta: {tta.Description}.");
        var pipeline = Pipeline.Start<DataInfo>().Then(tta.Loader).Then(tta.Views);
        return new TestTimeAugData(plan.CreateTestTimeAug("test_dataloader", seed, new PipelineDataset<TtaInputs>(plan.Dataset.DataInfos, pipeline)), tta.Merger);
    }
}
