using Detect.Config;
using Detect.Data;
using Detect.Datasets;
using Detect.Engine.TestKit;
using Detect.Structures;

namespace Detect.Models.Tests.Vocabulary;

/// <summary>
/// Tiny inputs for the runtime side of the every-vocabulary test: a four-image shapes dataset (COCO JSON) with a
/// two-image val split and the same train images as a VOC tree, dataset configs over them, and a one-iteration
/// experiment of the small RetinaNet config, trained through <c>Train()</c> like a user's experiment.
/// </summary>
internal static class TinyRuntimeConfigs
{
    /// <summary>The folder of this process's tiny data, work dirs and checkpoint (deleted by <see cref="VocabularyScratch"/>).</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), $"detect-vocabulary-{Environment.ProcessId}");

    static readonly Lazy<(ShapesSplit Train, ShapesSplit Val, string VocRoot)> Data = new(() =>
    {
        string root = Root;
        var options = new ShapesDatasetOptions(ImageWidth: 40, ImageHeight: 32, MinShapes: 1, MaxShapes: 2, MinSize: 8, MaxSize: 20, Seed: 5);
        var train = ShapesDataset.Generate(root, "train", 4, options);
        var val = ShapesDataset.Generate(root, "val", 2, options with { Seed = 6 });
        var vocRoot = Path.Combine(root, "VOCdevkit");
        ShapesVoc.Write(train, vocRoot, "train");
        return (train, val, vocRoot);
    });

    public static LoadImageFromFileConfig Load => new();

    public static LoadAnnotationsConfig Annotations => new();

    public static PackDetInputsConfig Pack => new();

    public static CocoDatasetConfig Coco(IReadOnlyList<TransformConfig> pipeline, bool train = true) => new()
    {
        AnnFile = (train ? Data.Value.Train : Data.Value.Val).AnnFile, DataPrefix = (train ? Data.Value.Train : Data.Value.Val).ImageDir,
        Classes = [.. ShapesDataset.Classes], TestMode = !train, Pipeline = [.. pipeline],
    };

    public static VocDatasetConfig Voc(IReadOnlyList<TransformConfig> pipeline) => new()
    {
        DataRoot = Data.Value.VocRoot, AnnFile = "VOC2007/ImageSets/Main/train.txt", DataPrefix = "VOC2007/", Classes = [.. ShapesDataset.Classes],
        Pipeline = [.. pipeline],
    };

    /// <summary>Builds the dataset config and reads every item once through its pipeline.</summary>
    public static void Read(DatasetConfig config)
    {
        RuntimeChecks.Verify(config); // what the compiler would refuse is refused before anything is built
        var dataset = Assert.IsAssignableFrom<IDetectionDataset>(config.Build());
        Assert.NotEmpty(dataset.DataInfos);
        var rng = new Random(0);
        for (int i = 0; i < dataset.DataInfos.Count; i++)
            if (dataset.Get(i, rng) is { } item)
                Assert.Equal(3, item.Inputs.dim());
    }

    /// <summary>One iteration of the small RetinaNet config on the shapes data, validated with COCO mAP at the end.</summary>
    public static ExperimentConfig Short => new()
    {
        Model = TinyModelConfigs.RetinaNet,
        TrainDataloader = new DataLoaderConfig
        {
            BatchSize = 2, NumWorkers = 1, Sampler = new DefaultSamplerConfig { Shuffle = true },
            Dataset = Coco([Load, Annotations, new ResizeConfig { Scale = [40, 32] }, new RandomFlipConfig(), Pack]),
        },
        ValDataloader = new DataLoaderConfig { BatchSize = 2, NumWorkers = 1, Dataset = Coco([Load, Annotations, new ResizeConfig { Scale = [40, 32] }, Pack], train: false) },
        ValEvaluator = new CocoMetricConfig(),
        TrainCfg = new IterBasedTrainLoopConfig { MaxIters = 1, ValInterval = 1 },
        OptimWrapper = new OptimWrapperConfig { Optimizer = new SgdConfig { Lr = 0.01, Momentum = 0.9, WeightDecay = 1e-4 } },
        DefaultHooks = new DefaultHooksConfig
        {
            Logger = new LoggerHookConfig { Interval = 1, ProgressBar = false },
            Checkpoint = new CheckpointHookConfig { Interval = 1, ByEpoch = false },
        },
        Runtime = new RuntimeConfig { Seed = 3 },
    };

    /// <summary>Trains <paramref name="config"/> through the experiment entry point; the run must succeed (its error output is the message).</summary>
    public static RunResult Train(ExperimentConfig config)
    {
        string work = Path.Combine(Root, "work", Guid.NewGuid().ToString("N"));
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var result = new VocabularyExperiment(config).Train(["--work-dir", work, "--device", "cpu"]);
            Assert.True(result.Succeeded, error.ToString());
            return result;
        }
        finally
        {
            Console.SetError(previous);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Trains <paramref name="config"/> one iteration, then tests its checkpoint with <c>--tta</c> (the config's
    /// <c>tta_pipeline</c> / <c>tta_model</c> over the val split); both runs must succeed and the test must say it used the
    /// config's TTA.
    /// </summary>
    public static RunResult TestWithTta(ExperimentConfig config)
    {
        string work = Path.Combine(Root, "work", Guid.NewGuid().ToString("N"));
        config = config with { TestDataloader = config.ValDataloader, TestEvaluator = new CocoMetricConfig() };
        var (error, output) = (new StringWriter(), new StringWriter());
        var (previousError, previousOut) = (Console.Error, Console.Out);
        Console.SetError(error);
        Console.SetOut(output);
        try
        {
            var experiment = new VocabularyExperiment(config);
            var trained = experiment.Train(["--work-dir", work, "--device", "cpu"]);
            Assert.True(trained.Succeeded, error.ToString());
            var tested = experiment.Test(["--work-dir", work, "--checkpoint", trained.LastCheckpoint!, "--tta", "--device", "cpu"]);
            Assert.True(tested.Succeeded, error.ToString());
            Assert.Contains("--tta: tta_pipeline of the config", output.ToString());
            Assert.Contains("coco/bbox_mAP", tested.Metrics.Keys);
            return tested;
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>An experiment whose config the test writes.</summary>
    sealed record VocabularyExperiment(ExperimentConfig Merged) : Experiment
    {
        public override string Name => "EveryVocabulary";

        protected override ExperimentConfig CreateConfig() => Merged;
    }
}

/// <summary>Deletes the every-vocabulary test's scratch folder (<see cref="TinyRuntimeConfigs.Root"/>) when its test class is done.</summary>
public sealed class VocabularyScratch : IDisposable
{
    public void Dispose()
    {
        if (Directory.Exists(TinyRuntimeConfigs.Root)) Directory.Delete(TinyRuntimeConfigs.Root, recursive: true);
    }
}
