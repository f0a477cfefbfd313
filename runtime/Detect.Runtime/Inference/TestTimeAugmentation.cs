using Detect.Config;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Inference;

/// <summary>
/// What <c>--tta</c> runs for an experiment, shared by <c>detect test --tta</c> and <see cref="DetInferencer"/>: the
/// config's <c>tta_pipeline</c> (LoadImageFromFile, then a TestTimeAug) and <c>tta_model</c> as MMDetection's
/// <c>tools/test.py --tta</c> takes them; for a config without them, MMDetection's usual flip TTA built from the test
/// pipeline (<see cref="InferencePipeline.FlipTestTimeAug"/>) and DetTTAModel's defaults.
/// </summary>
/// <param name="Loader">How the test loop reads each file before the views are made.</param>
/// <param name="Views">The steps from a loaded image to its views.</param>
/// <param name="Merger">How each image's views are merged.</param>
/// <param name="Description">What is used, for the run's log.</param>
public sealed record TestTimeAugmentation(LoadImageFromFile Loader, Pipeline<PipelineSample, TtaInputs> Views, DetTtaMerger Merger, string Description)
{
    const string PipelineKey = "tta_pipeline", ModelKey = "tta_model";

    /// <summary>The flip TTA over <paramref name="test"/>'s steps, merged with DetTTAModel's defaults.</summary>
    public static TestTimeAugmentation Flip(InferencePipeline test) => Flip(test, null);

    /// <summary><paramref name="experiment"/>'s TTA: its <c>tta_pipeline</c> and <c>tta_model</c>, each falling back as above.</summary>
    /// <exception cref="ConfigurationException">The TTA settings do not build or compose (the message names the key).</exception>
    public static TestTimeAugmentation For(IExperiment experiment, InferencePipeline test)
    {
        var merger = experiment.Config.TtaModel is { } model
            ? model.Build() as DetTtaMerger ?? throw new ConfigurationException($"{experiment.Name}: {ModelKey} ({model.TypeName}) does not build a DetTtaMerger.")
            : null;
        if (experiment.Config.TtaPipeline is not { Count: > 0 } steps) return Flip(test, merger);
        var built = steps.Select((step, i) => step.Build() as ITransform
            ?? throw new ConfigurationException($"{experiment.Name}: {PipelineKey}.{i}: {step.TypeName} does not build a transform.")).ToList();
        if (built[0] is not LoadImageFromFile loader)
            throw new ConfigurationException($"{experiment.Name}: {PipelineKey} must start with LoadImageFromFile; it starts with {built[0].Name}.");
        Pipeline<PipelineSample, TtaInputs> views;
        try
        {
            views = PipelineComposer.Compose<PipelineSample, TtaInputs>(built[1..], PipelineKey);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{experiment.Name}: {e.Message}", e);
        }
        int count = built.OfType<TestTimeAug>().Sum(t => t.Subroutines.Count);
        return Create(loader, views, merger, $"{PipelineKey} of the config ({count} views per image)");
    }

    static TestTimeAugmentation Flip(InferencePipeline test, DetTtaMerger? merger) =>
        Create(test.Loader, Pipeline.Start<PipelineSample>().Then(test.FlipTestTimeAug()), merger,
            $"flip test-time augmentation built from the test pipeline (each image flipped and as it is; the config has no {PipelineKey})");

    static TestTimeAugmentation Create(LoadImageFromFile loader, Pipeline<PipelineSample, TtaInputs> views, DetTtaMerger? merger, string what)
    {
        string how = merger is null ? "with DetTTAModel's defaults" : "as " + ModelKey + " sets";
        merger ??= new DetTtaMerger();
        return new(loader, views, merger, $"{what}, merged by class-aware NMS {how} (iou_threshold={merger.IouThreshold}, max_per_img={merger.MaxPerImg})");
    }
}
