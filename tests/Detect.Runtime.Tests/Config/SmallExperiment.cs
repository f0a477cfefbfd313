using Detect.Config;

namespace Detect.Runtime.Tests.Config;

/// <summary>
/// A hand-written experiment over runtime config records only (the runtime tests do not run the
/// generator): a COCO loader, a 12-epoch loop with a 1x-style schedule, default hooks and one custom hook.
/// </summary>
internal sealed record SmallExperiment : Experiment
{
    protected override ExperimentConfig CreateConfig() => new()
    {
        TrainDataloader = new DataLoaderConfig
        {
            BatchSize = 2,
            Sampler = new DefaultSamplerConfig { Shuffle = true },
            Dataset = new CocoDatasetConfig { DataRoot = "data/coco/", AnnFile = "train.json", Pipeline = [new LoadImageFromFileConfig(), new PackDetInputsConfig()] },
        },
        TrainCfg = new EpochBasedTrainLoopConfig { MaxEpochs = 12 },
        ParamScheduler = [new LinearLrConfig { StartFactor = 0.001, ByEpoch = false, End = 500 }, new MultiStepLrConfig { End = 12, Milestones = [8, 11] }],
        OptimWrapper = new OptimWrapperConfig { Optimizer = new SgdConfig { Lr = 0.02 } },
        DefaultHooks = new DefaultHooksConfig { Checkpoint = new CheckpointHookConfig { Interval = 1 }, Logger = new LoggerHookConfig { Priority = HookPriority.BelowNormal } },
        CustomHooks = [new CustomHookConfig { HookType = typeof(CountingHook), Priority = HookPriority.High }],
        Runtime = new RuntimeConfig { Seed = 7 },
    };

    protected override IReadOnlyDictionary<string, string> CreateSources() => new Dictionary<string, string>
    {
        ["train_dataloader.batch_size"] = "set in SmallExperiment",
    };
}

/// <summary>A user hook for the wiring tests.</summary>
public sealed class CountingHook : Detect.Engine.Hook;
