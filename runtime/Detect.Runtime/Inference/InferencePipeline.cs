using System.Collections.Immutable;
using Detect.Config;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Inference;

/// <summary>
/// An experiment's test pipeline made ready for images without annotations, as MMDetection's inferencer prepares it
/// (<c>_init_pipeline</c>): <c>LoadAnnotations</c> is removed and the first step, <c>LoadImageFromFile</c>, becomes a
/// loader that also takes images already in memory (<c>InferencerLoader</c>): files go through the experiment's own
/// loader, in-memory images start at the step after it.
/// </summary>
public sealed class InferencePipeline
{
    /// <summary>Splits <paramref name="pipeline"/> after its loader.</summary>
    /// <exception cref="ConfigurationException">The pipeline does not start with <c>LoadImageFromFile</c>.</exception>
    public InferencePipeline(Pipeline<DataInfo, PackedDetInputs> pipeline)
    {
        if (pipeline.Transforms.Count == 0 || pipeline.Transforms[0] is not LoadImageFromFile loader)
            throw new ConfigurationException($"the test pipeline must start with LoadImageFromFile for inference; it is {pipeline}");
        Loader = loader;
        AfterLoad = new Pipeline<PipelineSample, PackedDetInputs>(pipeline.Transforms.Skip(1).ToImmutableArray());
    }

    /// <summary>The loader of files.</summary>
    public LoadImageFromFile Loader { get; }

    /// <summary>The steps after loading (resize, pad, pack...).</summary>
    public Pipeline<PipelineSample, PackedDetInputs> AfterLoad { get; }

    /// <summary>
    /// <paramref name="experiment"/>'s <c>test_dataloader.dataset.pipeline</c> without <c>LoadAnnotations</c> (the
    /// test pipeline of MMDetection's inferencer).
    /// </summary>
    /// <exception cref="ConfigurationException">The experiment has no test pipeline, or it does not compose.</exception>
    public static InferencePipeline FromExperiment(IExperiment experiment)
    {
        const string key = "test_dataloader.dataset.pipeline";
        var steps = PipelineComposer.Steps(experiment.Config.TestDataloader, "test_dataloader", experiment.Name)
            .Where(step => step.TypeName != "LoadAnnotations").ToList();
        try
        {
            return new InferencePipeline(PipelineComposer.Compose(steps, key));
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException($"{experiment.Name}: {key}: {e.Message}", e);
        }
    }

    /// <summary>The pipeline of a model that takes images as they are (its preprocessor resizes): load, pack.</summary>
    public static InferencePipeline LoadAndPack() =>
        new(Pipeline.Start<DataInfo>().Then(new LoadImageFromFile()).Then(new PackDetInputs()));

    /// <summary>Loads (a file) or wraps (an in-memory image) and transforms one input; also returns the image as loaded, for drawing.</summary>
    /// <exception cref="BadSampleException">A file cannot be read or decoded.</exception>
    /// <exception cref="InvalidDataException">The pipeline dropped the image.</exception>
    public (PackedDetInputs Packed, ImageBuffer Original) Apply(InferenceInput input, long imgId, string name)
    {
        var context = TransformContext.FromSeed(unchecked((int)imgId));
        var loaded = input.Image is { } image
            ? new PipelineSample { Info = new DataInfo(imgId, name, image.Height, image.Width, []), Img = image, OriShape = (image.Height, image.Width) }
            : Loader.Apply(new DataInfo(imgId, input.Path!, 0, 0, []), context);
        string source = input.Path ?? name;
        if (loaded is null) throw new InvalidDataException($"{source}: the test pipeline dropped the image.");
        var packed = AfterLoad.Apply(loaded, context) ?? throw new InvalidDataException($"{source}: the test pipeline dropped the image.");
        return (packed, loaded.Img);
    }
}
