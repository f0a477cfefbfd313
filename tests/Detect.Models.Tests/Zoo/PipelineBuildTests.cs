using Detect.Config;
using Detect.Datasets;
using Detect.Models.Zoo;
using Detect.Platform;
using Detect.Transforms;
using SkiaSharp;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// Pipelines built from configs: the generated experiments compose the zoo's pipelines with typed code,
/// a command-line override reaches the built transform, and a real image goes through to packed inputs.
/// </summary>
public sealed class PipelineBuildTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("detect-pipeline-").FullName;

    public PipelineBuildTests() => TorchRuntime.EnsureInitialized();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_zoo_pipelines_are_the_configured_transforms_in_order()
    {
        var experiment = new MaskRcnnR50Fpn1xCoco();
        Assert.Equal(["LoadImageFromFile", "LoadAnnotations", "Resize", "RandomFlip", "PackDetInputs"], experiment.BuildTrainPipeline().Transforms.Select(t => t.Name));
        Assert.Equal(["LoadImageFromFile", "Resize", "LoadAnnotations", "PackDetInputs"], experiment.BuildTestPipeline().Transforms.Select(t => t.Name));
        var load = Assert.IsType<LoadAnnotations>(experiment.BuildTrainPipeline().Transforms[1]);
        Assert.True(load.WithMask);
    }

    [Fact]
    public void An_image_goes_through_the_pipeline_a_config_override_changed()
    {
        var image = Path.Combine(_folder, "shape.png");
        using (var bitmap = new SKBitmap(80, 60))
        using (var file = File.Create(image))
        {
            bitmap.Erase(new SKColor(10, 20, 30));
            bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        }
        var experiment = new RetinaNetR50Fpn1xCoco().WithOptions(["train_dataloader.dataset.pipeline.2.scale=[160,120]", "train_dataloader.dataset.pipeline.3.prob=0.0"]);
        var pipeline = experiment.BuildTrainPipeline();
        Assert.Equal((160, 120), Assert.IsType<Resize>(pipeline.Transforms[2]).Scale);
        var info = new DataInfo(1, image, 60, 80, [new InstanceInfo([10f, 10f, 30f, 40f], 0, false, null, 7)]);
        using var packed = pipeline.Apply(info, TransformContext.FromSeed(0))!;
        Assert.Equal([3L, 120, 160], packed.Inputs.shape);
        Assert.Equal([20f, 20f, 60f, 80f], packed.DataSample.GtInstances!.Bboxes.data<float>().ToArray());
    }

    [Fact]
    public void A_pipeline_changed_out_of_order_fails_with_the_diagnostic_message()
    {
        var experiment = new RetinaNetR50Fpn1xCoco();
        var loader = experiment.Config.TrainDataloader!;
        var shuffled = loader with { Dataset = loader.Dataset! with { Pipeline = [new ResizeConfig(), new LoadImageFromFileConfig(), new PackDetInputsConfig()] } };
        var changed = (RetinaNetR50Fpn1xCoco)experiment with { Config = experiment.Config with { TrainDataloader = shuffled } };
        var error = Assert.Throws<ConfigurationException>(() => changed.BuildTrainPipeline());
        Assert.Equal("DET301: Resize in train_dataloader.dataset.pipeline needs a PipelineSample sample but the start of the pipeline gives DataInfo", error.Message);
    }
}
