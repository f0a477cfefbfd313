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
        var loaded = Load(input, imgId, name);
        var packed = AfterLoad.Apply(loaded, Context(imgId)) ?? throw new InvalidDataException($"{input.Path ?? name}: the test pipeline dropped the image.");
        return (packed, loaded.Img);
    }

    /// <summary>The loader's step alone (MMDetection's <c>InferencerLoader</c>): a file decoded, or an in-memory image wrapped.</summary>
    /// <exception cref="BadSampleException">A file cannot be read or decoded.</exception>
    public PipelineSample Load(InferenceInput input, long imgId, string name) =>
        (input.Image is { } image
            ? new PipelineSample { Info = new DataInfo(imgId, name, image.Height, image.Width, []), Img = image, OriShape = (image.Height, image.Width) }
            : Loader.Apply(new DataInfo(imgId, input.Path!, 0, 0, []), Context(imgId)))
        ?? throw new InvalidDataException($"{input.Path ?? name}: the test pipeline's loader dropped the image.");

    /// <summary>
    /// Flip test-time augmentation over the steps after loading (MMDetection's <c>tta_pipeline</c> with
    /// <c>RandomFlip(prob=1.0)</c> and <c>RandomFlip(prob=0.0)</c>): two views, flipped first, so that later steps (resize,
    /// pad) see the flipped image and boxes flip back in the original image's frame.
    /// </summary>
    /// <exception cref="ConfigurationException">A step other than the last does not map a sample to a sample.</exception>
    public TestTimeAug FlipTestTimeAug()
    {
        var steps = AfterLoad.Transforms;
        var middle = steps.Take(steps.Count - 1).Select(step => step as SampleTransform ?? throw new ConfigurationException(
            $"test-time augmentation needs sample-to-sample steps before packing; {step.Name} is not one.")).ToList();
        var pack = steps[^1] as Transform<PipelineSample, PackedDetInputs>
            ?? throw new ConfigurationException($"the test pipeline must end with PackDetInputs for test-time augmentation; it ends with {steps[^1].Name}.");
        List<TtaChoice> lists = [[new RandomFlip(1.0), new RandomFlip(0.0)], .. middle.Select(step => new TtaChoice([step]))];
        return new TestTimeAug(lists, pack);
    }

    static TransformContext Context(long imgId) => TransformContext.FromSeed(unchecked((int)imgId));
}
