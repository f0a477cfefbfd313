namespace Detect.Config;

/// <summary>The training loop (<c>train_cfg</c>).</summary>
[ComponentKind(DefaultSlot = "train_cfg")]
public abstract class TrainLoopAttribute : ComponentAttribute;

/// <summary>An optimizer (<c>optim_wrapper.optimizer</c>).</summary>
[ComponentKind(DefaultSlot = "optim_wrapper.optimizer")]
public abstract class OptimizerAttribute : ComponentAttribute;

/// <summary>A parameter (LR) scheduler active on [begin, end); schedulers are appended to <c>param_scheduler</c> in order.</summary>
[ComponentKind(DefaultSlot = "param_scheduler")]
[SchedulerWindowRule]
public abstract class ParamSchedulerAttribute : ComponentAttribute
{
    /// <summary><c>begin</c>: first epoch (or iteration) the schedule applies.</summary>
    [InRange(0, int.MaxValue)]
    public int Begin { get; set; }

    /// <summary><c>end</c>: the schedule stops before it (MMEngine's INF when unset).</summary>
    [InRange(1, int.MaxValue)]
    public int End { get; set; } = int.MaxValue;

    /// <summary><c>by_epoch</c>: begin/end (and milestones) count epochs, else iterations.</summary>
    public bool ByEpoch { get; set; } = true;

    /// <summary><c>convert_to_iter_based</c>: written in epochs, stepped every iteration (begin/end, milestones and T_max times the epoch length).</summary>
    public bool ConvertToIterBased { get; set; }
}

/// <summary>
/// <c>optim_wrapper</c>: the optimizer plus param-wise options and gradient clipping.
/// </summary>
[Register("OptimWrapper", Builds = typeof(Detect.Engine.OptimWrapperOptions), DefaultSlot = "optim_wrapper")]
public sealed class OptimWrapperAttribute : ComponentAttribute
{
    /// <summary><c>optimizer</c>.</summary>
    [RequiredSlot]
    public OptimizerAttribute? Optimizer { get; }

    /// <summary><c>paramwise_cfg</c>.</summary>
    public ParamwiseCfgAttribute? ParamwiseCfg { get; }

    /// <summary><c>clip_grad</c>.</summary>
    public ClipGradAttribute? ClipGrad { get; }

    /// <summary>
    /// <c>on_invalid_loss</c> (Detect's own key): <c>Stop</c> (default) ends the run at the first NaN or infinite loss or
    /// gradient norm, <c>Skip</c> skips such iterations without updating the weights, counted and reported.
    /// </summary>
    public Detect.Engine.InvalidLossPolicy OnInvalidLoss { get; set; }
}

/// <summary><c>auto_scale_lr</c>: scale the LR by the actual batch size over <see cref="BaseBatchSize"/>.</summary>
[Register("", Builds = typeof(Detect.Engine.AutoScaleLr), DefaultSlot = "auto_scale_lr")]
public sealed class AutoScaleLrAttribute : ComponentAttribute
{
    /// <summary><c>enable</c>.</summary>
    public bool Enable { get; set; }

    /// <summary><c>base_batch_size</c>: the total batch size the LR was tuned for.</summary>
    [InRange(1, int.MaxValue)]
    public int BaseBatchSize { get; set; }
}
