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
    public void SSD300s_train_pipeline_takes_an_image_with_boxes_and_masks_to_300_by_300()
    {
        // Ssd300Coco's generated train pipeline (Expand, MinIoURandomCrop, Resize 300×300, RandomFlip, PhotoMetricDistortion)
        // with masks loaded, over many seeds, so crops that drop boxes, skipped expansions and flips all occur.
        var image = Path.Combine(_folder, "ssd.png");
        using (var bitmap = new SKBitmap(64, 48))
        using (var file = File.Create(image))
        {
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 64; x++) bitmap.SetPixel(x, y, new SKColor((byte)(4 * x), (byte)(5 * y), (byte)(x + y)));
            bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        }
        var experiment = new Ssd300Coco().WithOptions(["train_dataloader.dataset.pipeline.1.with_mask=True"]);
        var pipeline = experiment.BuildTrainPipeline();
        Assert.Equal(["LoadImageFromFile", "LoadAnnotations", "Expand", "MinIoURandomCrop", "Resize", "RandomFlip", "PhotoMetricDistortion", "PackDetInputs"],
            pipeline.Transforms.Select(t => t.Name));
        static PolygonSegmentation Box(float x1, float y1, float x2, float y2) => new([[x1, y1, x2, y1, x2, y2, x1, y2]]);
        var info = new DataInfo(1, image, 48, 64,
        [
            new InstanceInfo([4f, 4f, 24f, 20f], 0, false, Box(4, 4, 24, 20), 1),
            new InstanceInfo([30f, 10f, 60f, 44f], 1, false, Box(30, 10, 60, 44), 2),
            new InstanceInfo([10f, 30f, 20f, 46f], 2, false, Box(10, 30, 20, 46), 3),
        ]);
        var counts = new HashSet<long>();
        for (int seed = 0; seed < 40; seed++)
        {
            using var packed = pipeline.Apply(info, TransformContext.FromSeed(seed))!;
            Assert.Equal([3L, 300, 300], packed.Inputs.shape);
            var gt = packed.DataSample.GtInstances!;
            long n = gt.Bboxes.shape[0];
            counts.Add(n);
            Assert.InRange(n, 1, 3);
            Assert.Equal([n, 300, 300], gt.Masks!.shape);
            var boxes = gt.Bboxes.data<float>().ToArray();
            Assert.All(boxes, v => Assert.InRange(v, 0f, 300f));
        }
        Assert.True(counts.Count > 1, "every seed kept the same number of boxes: no crop dropped one");
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
