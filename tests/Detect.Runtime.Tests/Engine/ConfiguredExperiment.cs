using Detect.Config;
using Detect.Engine.TestKit;
using Detect.Structures;

namespace Detect.Runtime.Tests.Engine;

/// <summary>An experiment whose config a test writes (records as the generator emits them); the model is the test kit's.</summary>
internal sealed record ConfiguredExperiment(string ExperimentName, ExperimentConfig Merged) : Experiment
{
    public override string Name => ExperimentName;

    public override DetectionModel BuildModel() => new TinyDetector(3);

    protected override ExperimentConfig CreateConfig() => Merged;

    /// <summary>A few iterations of SGD, validation at the end, a quiet logger, a fixed seed.</summary>
    public static ExperimentConfig Short(DataLoaderConfig train, DataLoaderConfig val, EvaluatorConfig evaluator, int iterations = 4) => new()
    {
        TrainDataloader = train,
        ValDataloader = val,
        ValEvaluator = evaluator,
        TrainCfg = new IterBasedTrainLoopConfig { MaxIters = iterations, ValInterval = iterations },
        OptimWrapper = new OptimWrapperConfig { Optimizer = new SgdConfig { Lr = 0.01, Momentum = 0.9, WeightDecay = 1e-4 } },
        DefaultHooks = new DefaultHooksConfig
        {
            Logger = new LoggerHookConfig { Interval = 1, ProgressBar = false },
            Checkpoint = new CheckpointHookConfig { Interval = iterations, ByEpoch = false },
        },
        Runtime = new RuntimeConfig { Seed = 3 },
    };
}
