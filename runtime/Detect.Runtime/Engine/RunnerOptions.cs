using Detect.Data;
using Detect.Structures;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// Everything a <see cref="Runner"/> needs, named after MMEngine's config keys (<c>train_dataloader</c>,
/// <c>train_cfg</c>, <c>optim_wrapper</c>, <c>param_scheduler</c>, <c>default_hooks</c>,
/// <c>custom_hooks</c>, <c>load_from</c>, <c>resume</c>, <c>randomness.seed</c>). Only the parts a
/// run uses are needed: training needs the train loader, loop and optimizer; testing the test loader
/// and evaluator.
/// </summary>
public sealed record RunnerOptions
{
    /// <summary>The detector (built after <see cref="Runner.SetRandomSeed"/> so its initialization is reproducible).</summary>
    public required DetectionModel Model { get; init; }

    /// <summary><c>work_dir</c>: checkpoints, logs and the <c>last_checkpoint</c> pointer go here.</summary>
    public required string WorkDir { get; init; }

    /// <summary>The experiment's name, for logs and checkpoint metadata.</summary>
    public string ExperimentName { get; init; } = "experiment";

    /// <summary><c>--device</c>: auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary><c>randomness.seed</c>, recorded in checkpoints and logs (the caller seeds before building the model).</summary>
    public int Seed { get; init; }

    /// <summary><c>train_dataloader</c>.</summary>
    public DataLoader<PackedDetInputs, DetBatch>? TrainDataloader { get; init; }

    /// <summary><c>train_cfg</c>.</summary>
    public TrainLoopOptions? TrainCfg { get; init; }

    /// <summary><c>optim_wrapper</c>.</summary>
    public OptimWrapperOptions? OptimWrapper { get; init; }

    /// <summary><c>param_scheduler</c>, applied in order (chained).</summary>
    public IReadOnlyList<LrSchedule> ParamScheduler { get; init; } = [];

    /// <summary><c>auto_scale_lr</c>: scales the optimizer's lr from its base batch size to the train loader's.</summary>
    public AutoScaleLr? AutoScaleLr { get; init; }

    /// <summary><c>val_dataloader</c>.</summary>
    public DataLoader<PackedDetInputs, DetBatch>? ValDataloader { get; init; }

    /// <summary><c>val_evaluator</c>.</summary>
    public IEvaluator? ValEvaluator { get; init; }

    /// <summary><c>test_dataloader</c>.</summary>
    public DataLoader<PackedDetInputs, DetBatch>? TestDataloader { get; init; }

    /// <summary><c>test_evaluator</c>.</summary>
    public IEvaluator? TestEvaluator { get; init; }

    /// <summary>Test-time augmentation for <see cref="Runner.Test"/> (<c>--tta</c>); null tests <see cref="TestDataloader"/> as it is.</summary>
    public TestTimeAugData? TestTimeAug { get; init; }

    /// <summary><c>default_hooks</c>.</summary>
    public DefaultHooks DefaultHooks { get; init; } = new();

    /// <summary><c>custom_hooks</c>.</summary>
    public IReadOnlyList<Hook> CustomHooks { get; init; } = [];

    /// <summary><c>load_from</c>: weights to start from; with <see cref="Resume"/>, the checkpoint to resume.</summary>
    public string? LoadFrom { get; init; }

    /// <summary><c>resume</c>: continue model, optimizer, schedules, iteration and random state from <see cref="LoadFrom"/>, or (when unset) from the work dir's <c>last_checkpoint</c>.</summary>
    public bool Resume { get; init; }

    /// <summary>The config as JSON, saved in checkpoints' meta and in the log folder.</summary>
    public string? ConfigJson { get; init; }

    /// <summary>Class names in label order, saved in checkpoints' meta (<c>dataset_meta.classes</c>).</summary>
    public IReadOnlyList<string>? Classes { get; init; }
}
