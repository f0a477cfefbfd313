using Detect.Config;
using Detect.Data;
using Detect.Engine;
using Detect.Engine.TestKit;
using Detect.Structures;

namespace Detect.Runtime.Tests.Engine;

/// <summary>The tiny setup written as a typed config (records as the generator emits them); the model is the test kit's.</summary>
internal sealed record TinyExperiment(ShapesSplit TrainSplit, ShapesSplit ValSplit) : Experiment
{
    public override string Name => "TinyExperiment";

    /// <summary>Makes the detector (the test kit's, by default).</summary>
    public Func<DetectionModel> Model { get; init; } = () => new TinyDetector(3);

    /// <summary>Adds a hook that throws an unexpected exception (<see cref="ExplodingHook"/>) at iteration 2.</summary>
    public bool Explode { get; init; }

    public override DetectionModel BuildModel() => Model();

    static DataLoaderConfig Loader(ShapesSplit split, bool train) => new()
    {
        BatchSize = 4,
        NumWorkers = 1,
        Sampler = new DefaultSamplerConfig { Shuffle = train },
        Dataset = new CocoDatasetConfig
        {
            DataRoot = split.Root + "/", AnnFile = $"annotations/instances_{split.Split}.json", DataPrefix = split.Split + "/",
            Classes = ["circle", "square", "triangle"], TestMode = !train,
            Pipeline = train
                ? [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new ResizeConfig { Scale = [32, 32] }, new RandomFlipConfig { Prob = 0.5 }, new PackDetInputsConfig()]
                : [new LoadImageFromFileConfig(), new LoadAnnotationsConfig(), new ResizeConfig { Scale = [32, 32] }, new PackDetInputsConfig()],
        },
    };

    protected override ExperimentConfig CreateConfig() => new()
    {
        TrainDataloader = Loader(TrainSplit, train: true),
        ValDataloader = Loader(ValSplit, train: false),
        TestDataloader = Loader(ValSplit, train: false),
        ValEvaluator = new CocoMetricConfig(),
        TestEvaluator = new CocoMetricConfig(),
        TrainCfg = new EpochBasedTrainLoopConfig { MaxEpochs = 3, ValInterval = 1 },
        OptimWrapper = new OptimWrapperConfig
        {
            Optimizer = new SgdConfig { Lr = 0.05, Momentum = 0.9, WeightDecay = 1e-4 },
            ParamwiseCfg = new ParamwiseCfgConfig { NormDecayMult = 0 },
            ClipGrad = new ClipGradConfig { MaxNorm = 10 },
        },
        ParamScheduler = [new LinearLrConfig { StartFactor = 0.1, ByEpoch = false, End = 4 }, new MultiStepLrConfig { Milestones = [1] }],
        AutoScaleLr = new AutoScaleLrConfig { Enable = true, BaseBatchSize = 4 },
        DefaultHooks = new DefaultHooksConfig
        {
            Timer = new IterTimerHookConfig(),
            Logger = new LoggerHookConfig { Interval = 2, ProgressBar = false },
            ParamScheduler = new ParamSchedulerHookConfig(),
            Checkpoint = new CheckpointHookConfig { Interval = 1, MaxKeepCkpts = 2, SaveBest = "coco/bbox_mAP_50" },
            SamplerSeed = new DistSamplerSeedHookConfig(),
        },
        CustomHooks = Explode
            ? [new EmaHookConfig { Momentum = 0.01, Gamma = 4, Priority = HookPriority.AboveNormal }, new CheckInvalidLossHookConfig { Interval = 1 },
                new CustomHookConfig { HookType = typeof(ExplodingHook) }]
            : [new EmaHookConfig { Momentum = 0.01, Gamma = 4, Priority = HookPriority.AboveNormal }, new CheckInvalidLossHookConfig { Interval = 1 }],
        Runtime = new RuntimeConfig { Seed = 1 },
    };
}

/// <summary>A bug in the middle of a run: throws an exception no user could cause at iteration 2.</summary>
internal sealed class ExplodingHook : Hook
{
    public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
    {
        if (runner.Iter + 1 == 2) throw new NotSupportedException("the hook was not written for this");
    }
}
