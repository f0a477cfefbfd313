using Detect.Config;
using Detect.Data;
using Detect.Datasets;
using Detect.Engine.TestKit;

namespace Detect.Runtime.Tests.Engine;

/// <summary>
/// Configs the compiler accepts train through the generated entry point: a MultiImageMixDataset with Mosaic and MixUp, and a
/// Pascal VOC-format dataset (XML read directly) evaluated with VOC mAP; <c>Train()</c> returns the run's metrics.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class WrappedDatasetExperimentTests(TinyData data)
{
    static CocoDatasetConfig Coco(ShapesSplit split, bool train, IReadOnlyList<TransformConfig> pipeline) => new()
    {
        AnnFile = split.AnnFile, DataPrefix = split.ImageDir, Classes = [.. ShapesDataset.Classes], TestMode = !train, Pipeline = [.. pipeline],
    };

    static readonly TransformConfig[] TestPipeline =
        [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new ResizeConfig { Scale = [32, 32] }, new PackDetInputsConfig()];

    static RunResult Train(ConfiguredExperiment experiment, string work)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var result = experiment.Train(["--work-dir", work, "--device", "cpu"]);
            Assert.True(result.Succeeded, error.ToString());
            return result;
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Fact]
    public void Mosaic_and_MixUp_train_through_a_MultiImageMixDataset()
    {
        var mixed = new MultiImageMixDatasetConfig
        {
            Dataset = Coco(data.Train, train: true, [new LoadImageFromFileConfig(), new LoadAnnotationsConfig()]),
            Pipeline =
            [
                new MosaicConfig { ImgScale = [32, 32], Prob = 1.0 }, new MixUpConfig { ImgScale = [32, 32], RatioRange = [0.8, 1.2] },
                new ResizeConfig { Scale = [32, 32] }, new PackDetInputsConfig(),
            ],
        };
        var config = ConfiguredExperiment.Short(
            new DataLoaderConfig { BatchSize = 4, NumWorkers = 1, Sampler = new DefaultSamplerConfig { Shuffle = true }, Dataset = mixed },
            new DataLoaderConfig { BatchSize = 4, NumWorkers = 1, Dataset = Coco(data.Val, train: false, TestPipeline) },
            new CocoMetricConfig());
        string work = data.NewWorkDir();
        var result = Train(new ConfiguredExperiment("MosaicMixUp", config), work);
        Assert.InRange(result.Metrics["coco/bbox_mAP"], 0, 1);
        Assert.Equal(Path.Combine(work, "iter_4.pth"), result.LastCheckpoint);
        var log = File.ReadAllText(Path.Combine(result.RunFolder!, Path.GetFileName(result.RunFolder!) + ".log"));
        Assert.Contains("Iter(train) [4/4]", log);
    }

    [Fact]
    public void A_Mosaic_without_a_MultiImageMixDataset_stops_with_a_message_naming_it()
    {
        var config = ConfiguredExperiment.Short(
            new DataLoaderConfig { BatchSize = 4, NumWorkers = 1, Dataset = Coco(data.Train, train: true,
                [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new MosaicConfig { ImgScale = [32, 32] }, new PackDetInputsConfig()]) },
            new DataLoaderConfig { BatchSize = 4, NumWorkers = 1, Dataset = Coco(data.Val, train: false, TestPipeline) },
            new CocoMetricConfig());
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try { Assert.NotEqual(0, new ConfiguredExperiment("PlainMosaic", config).Train(["--work-dir", data.NewWorkDir(), "--device", "cpu"]).ExitCode); }
        finally { Console.SetError(previous); }
        Assert.Contains("MultiImageMixDataset", error.ToString());
    }

    [Fact]
    public void A_VOC_format_dataset_trains_and_is_evaluated_with_VOC_mAP()
    {
        string root = Path.Combine(data.NewWorkDir(), "VOCdevkit");
        ShapesVoc.Write(data.Train, root, "train", prefixIds: true, unknownObject: true);
        ShapesVoc.Write(data.Val, root, "val", prefixIds: true, unknownObject: true);
        VocDatasetConfig Voc(string split, bool train, IReadOnlyList<TransformConfig> pipeline) => new()
        {
            DataRoot = root, AnnFile = $"VOC2007/ImageSets/Main/{split}.txt", DataPrefix = "VOC2007/", Classes = [.. ShapesDataset.Classes],
            TestMode = !train, Pipeline = [.. pipeline],
        };
        var config = ConfiguredExperiment.Short(
            new DataLoaderConfig { BatchSize = 4, NumWorkers = 1, Sampler = new DefaultSamplerConfig { Shuffle = true }, Dataset = Voc("train", train: true,
                [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new ResizeConfig { Scale = [32, 32] }, new RandomFlipConfig(), new PackDetInputsConfig()]) },
            new DataLoaderConfig { BatchSize = 4, NumWorkers = 1, Dataset = Voc("val", train: false, TestPipeline) },
            new VocMetricConfig { EvalMode = Detect.Evaluation.VocEvalMode.Area, IouThrs = [0.5, 0.75] });
        var result = Train(new ConfiguredExperiment("ShapesVoc", config), data.NewWorkDir());
        Assert.InRange(result.Metrics["pascal_voc/AP50"], 0, 1);
        Assert.InRange(result.Metrics["pascal_voc/AP75"], 0, 1);
        Assert.Equal((result.Metrics["pascal_voc/AP50"] + result.Metrics["pascal_voc/AP75"]) / 2, result.Metrics["pascal_voc/mAP"], 12);

        // The XML reads back as the COCO records it was written from (VOC's 1-based pixels undone).
        var voc = new VocDataset("VOC2007/ImageSets/Main/val.txt", root, "VOC2007/", ShapesDataset.Classes, testMode: true);
        var coco = new CocoDataset(data.Val.AnnFile, "", data.Val.ImageDir, ShapesDataset.Classes, testMode: true);
        Assert.Equal(coco.Count, voc.Count);
        for (int i = 0; i < coco.Count; i++)
        {
            Assert.Equal((coco[i].Width, coco[i].Height), (voc[i].Width, voc[i].Height));
            Assert.Equal(coco[i].Instances.Select(x => x.BboxLabel), voc[i].Instances.Select(x => x.BboxLabel));
            Assert.Equal(coco[i].Instances.SelectMany(x => x.Bbox.Select(MathF.Floor)), voc[i].Instances.SelectMany(x => x.Bbox));
        }
    }
}
