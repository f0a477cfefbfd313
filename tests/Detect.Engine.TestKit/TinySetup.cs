using Detect.Data;
using Detect.Datasets;
using Detect.Evaluation;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine.TestKit;

/// <summary>
/// A complete tiny training setup: a shapes dataset of a few 32×32 images, train and val loaders,
/// the <see cref="TinyDetector"/>, SGD with warmup, and a runner writing to a work dir — the same
/// wiring a real experiment has, small enough for tests (an epoch takes a fraction of a second).
/// </summary>
public static class TinySetup
{
    /// <summary>Writes (once) the tiny shapes dataset under <paramref name="root"/>; returns the train and val splits.</summary>
    public static (ShapesSplit Train, ShapesSplit Val) Data(string root, int trainImages = 16, int valImages = 8)
    {
        var options = new ShapesDatasetOptions(ImageWidth: 40, ImageHeight: 32, MinShapes: 1, MaxShapes: 1, MinSize: 8, MaxSize: 24, Seed: 5);
        return (ShapesDataset.Generate(root, "train", trainImages, options), ShapesDataset.Generate(root, "val", valImages, options with { Seed = 6 }));
    }

    /// <summary>The train pipeline: load, resize to 32×32, flip, pack.</summary>
    public static Pipeline<DataInfo, PackedDetInputs> TrainPipeline() => Pipeline.Start<DataInfo>()
        .Then(new LoadImageFromFile()).Then(new LoadAnnotations()).Then(new Resize((32, 32))).Then(new RandomFlip(0.5)).Then(new PackDetInputs());

    /// <summary>The test pipeline: load, resize to 32×32, pack.</summary>
    public static Pipeline<DataInfo, PackedDetInputs> TestPipeline() => Pipeline.Start<DataInfo>()
        .Then(new LoadImageFromFile()).Then(new LoadAnnotations()).Then(new Resize((32, 32))).Then(new PackDetInputs());

    /// <summary>A train loader over <paramref name="split"/> (shuffled, seeded, 4 images a batch).</summary>
    public static DataLoader<PackedDetInputs, DetBatch> TrainLoader(ShapesSplit split, int seed = 0, int batchSize = 4,
        BadSamplePolicy badSamples = BadSamplePolicy.Raise, bool infinite = false, int numWorkers = 1)
    {
        var dataset = new CocoDataset(split.AnnFile, "", split.ImageDir, classes: ShapesDataset.Classes);
        ISampler sampler = infinite ? new InfiniteSampler(dataset.Count, shuffle: true, seed: seed) : new DefaultSampler(dataset.Count, shuffle: true, seed: seed);
        return DataLoader.ForDetection(new PipelineDataset<PackedDetInputs>(dataset.DataList, TrainPipeline()),
            new BatchSampler(sampler, batchSize, dropLast: false), numWorkers: numWorkers, seed: seed, badSamples: badSamples);
    }

    /// <summary>A val loader over <paramref name="split"/> in order.</summary>
    public static DataLoader<PackedDetInputs, DetBatch> ValLoader(ShapesSplit split)
    {
        var dataset = new CocoDataset(split.AnnFile, "", split.ImageDir, classes: ShapesDataset.Classes, testMode: true);
        return DataLoader.ForDetection(new PipelineDataset<PackedDetInputs>(dataset.DataList, TestPipeline()),
            new BatchSampler(new DefaultSampler(dataset.Count, shuffle: false), 4, dropLast: false), numWorkers: 1, testMode: true);
    }

    /// <summary>Runner options for the tiny detector on the tiny data (seeds torch and builds the model).</summary>
    public static RunnerOptions Options(string workDir, ShapesSplit train, ShapesSplit? val = null, int epochs = 3, int seed = 0,
        TinyDetector? model = null, IReadOnlyList<Hook>? customHooks = null, bool resume = false)
    {
        Runner.SetRandomSeed(seed);
        return new RunnerOptions
        {
            Model = model ?? new TinyDetector(ShapesDataset.Classes.Count),
            WorkDir = workDir,
            ExperimentName = "TinyShapes",
            Device = "cpu",
            Seed = seed,
            TrainDataloader = TrainLoader(train, seed),
            TrainCfg = new EpochBasedTrainLoopOptions(epochs),
            OptimWrapper = new OptimWrapperOptions(new SgdOptions { Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
                new ParamwiseOptions { NormDecayMult = 0 }, new GradClip(10)),
            ParamScheduler = [new LinearLR { StartFactor = 0.1, ByEpoch = false, End = 4 }, new MultiStepLR { Milestones = [2] }],
            ValDataloader = val is null ? null : ValLoader(val),
            ValEvaluator = val is null ? null : new CocoEvaluator(new CocoMetric(val.AnnFile, classes: ShapesDataset.Classes)),
            DefaultHooks = new DefaultHooks { Logger = new LoggerHook(interval: 2, progressBar: false) },
            CustomHooks = customHooks ?? [],
            Resume = resume,
            Classes = ShapesDataset.Classes,
            ConfigJson = "{\"experiment\": \"TinyShapes\"}",
        };
    }
}
