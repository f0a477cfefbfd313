namespace Detect.Config;

/// <summary>
/// Marks a <c>partial record</c> as an experiment: the generator merges its config attributes with
/// those of its base record and base parts and emits the typed <see cref="ExperimentConfig"/>, model
/// building and the Train/Test entry points. It is also the root of the config tree: its slots are
/// MMDetection's top-level keys.
/// </summary>
/// <remarks>
/// <see cref="Dataset"/>, <see cref="TrainPipeline"/> and <see cref="TestPipeline"/> are intermediate
/// variables, as <c>train_pipeline</c> in MMDetection's dataset configs: after merging they flow into
/// the loaders, so a derived config that overrides the train pipeline reaches the train loader
/// (the trap of MMDetection issue #10891 cannot happen).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[Register("")]
public sealed class ExperimentAttribute : ComponentAttribute
{
    /// <summary>The detector (<c>model</c>).</summary>
    public DetectorAttribute? Model { get; }

    /// <summary>Dataset settings shared by the three loaders (MMDetection's <c>dataset_type</c>, <c>data_root</c>, <c>metainfo</c>).</summary>
    [Variable("train_dataloader.dataset", "val_dataloader.dataset", "test_dataloader.dataset")]
    public DatasetAttribute? Dataset { get; }

    /// <summary>Training transforms (<c>train_pipeline</c>); flows into <c>train_dataloader.dataset.pipeline</c>.</summary>
    [Variable("train_dataloader.dataset.pipeline")]
    public TransformAttribute[]? TrainPipeline { get; }

    /// <summary>Test transforms (<c>test_pipeline</c>); flows into the val and test loaders' datasets.</summary>
    [Variable("val_dataloader.dataset.pipeline", "test_dataloader.dataset.pipeline")]
    public TransformAttribute[]? TestPipeline { get; }

    /// <summary><c>tta_pipeline</c>: LoadImageFromFile, then a TestTimeAug; what <c>--tta</c> runs (unset: flip TTA from the test pipeline).</summary>
    public TransformAttribute[]? TtaPipeline { get; }

    /// <summary><c>tta_model</c>: how <c>--tta</c> merges the views (unset: DetTTAModel's defaults).</summary>
    public TtaModelAttribute? TtaModel { get; }

    /// <summary><c>train_dataloader</c>.</summary>
    public DataLoaderAttribute? TrainDataloader { get; }

    /// <summary><c>val_dataloader</c>.</summary>
    public DataLoaderAttribute? ValDataloader { get; }

    /// <summary><c>test_dataloader</c>.</summary>
    public DataLoaderAttribute? TestDataloader { get; }

    /// <summary>Evaluator settings shared by validation and test; flows into <c>val_evaluator</c> and <c>test_evaluator</c>.</summary>
    [Variable("val_evaluator", "test_evaluator")]
    public EvaluatorAttribute? Evaluator { get; }

    /// <summary><c>val_evaluator</c>.</summary>
    public EvaluatorAttribute? ValEvaluator { get; }

    /// <summary><c>test_evaluator</c>.</summary>
    public EvaluatorAttribute? TestEvaluator { get; }

    /// <summary>The training loop (<c>train_cfg</c>: epochs or iterations, validation interval).</summary>
    public TrainLoopAttribute? TrainCfg { get; }

    /// <summary><c>optim_wrapper</c>: optimizer, param-wise options, gradient clipping.</summary>
    public OptimWrapperAttribute? OptimWrapper { get; }

    /// <summary><c>param_scheduler</c>: LR schedules in order (warmup, steps, cosine ...).</summary>
    public ParamSchedulerAttribute[]? ParamScheduler { get; }

    /// <summary><c>auto_scale_lr</c>.</summary>
    public AutoScaleLrAttribute? AutoScaleLr { get; }

    /// <summary><c>default_hooks</c>: timer, logger, param scheduler, checkpoint, sampler seed, visualization.</summary>
    public DefaultHooksAttribute? DefaultHooks { get; }

    /// <summary><c>custom_hooks</c>, in order.</summary>
    public HookAttribute[]? CustomHooks { get; }

    /// <summary>Work dir, load_from, resume, seed, log level.</summary>
    public RuntimeAttribute? Runtime { get; }
}
