namespace Detect.Config;

// MMEngine's default hooks and the custom hooks Detect ships. Each default hook goes to its
// default_hooks slot without At; custom hooks are appended to custom_hooks.

/// <summary><c>IterTimerHook</c>.</summary>
[Register("IterTimerHook", Builds = typeof(Detect.Engine.IterTimerHook), DefaultSlot = "default_hooks.timer")]
public sealed class IterTimerHookAttribute : HookAttribute;

/// <summary><c>LoggerHook</c>: console progress and the JSON-lines scalars log.</summary>
[Register("LoggerHook", Builds = typeof(Detect.Engine.LoggerHook), DefaultSlot = "default_hooks.logger")]
public sealed class LoggerHookAttribute : HookAttribute
{
    /// <summary><c>interval</c> in iterations.</summary>
    [InRange(1, int.MaxValue)]
    public int Interval { get; set; }

    /// <summary>Show a live progress bar with the ETA when the console is a terminal.</summary>
    public bool ProgressBar { get; set; }
}

/// <summary><c>ParamSchedulerHook</c>: steps the LR schedules.</summary>
[Register("ParamSchedulerHook", Builds = typeof(Detect.Engine.ParamSchedulerHook), DefaultSlot = "default_hooks.param_scheduler")]
public sealed class ParamSchedulerHookAttribute : HookAttribute;

/// <summary><c>CheckpointHook</c>.</summary>
[Register("CheckpointHook", Builds = typeof(Detect.Engine.CheckpointHook), DefaultSlot = "default_hooks.checkpoint")]
public sealed class CheckpointHookAttribute : HookAttribute
{
    /// <summary><c>interval</c> (epochs when by_epoch).</summary>
    [InRange(1, int.MaxValue)]
    public int Interval { get; set; }

    /// <summary><c>by_epoch</c>.</summary>
    public bool ByEpoch { get; set; }

    /// <summary><c>max_keep_ckpts</c>; -1 keeps all.</summary>
    [InRange(1, int.MaxValue, Disabled = -1)]
    public int MaxKeepCkpts { get; set; }

    /// <summary><c>save_best</c>: a metric name such as <c>coco/bbox_mAP</c>, or unset.</summary>
    public string? SaveBest { get; set; }

    /// <summary><c>rule</c> for save_best: greater or less; <c>Infer</c> (MMEngine's None) infers it from the metric's name.</summary>
    public Detect.Engine.SaveBestRule Rule { get; set; }

    /// <summary><c>save_last</c>: also save after the last epoch (iteration).</summary>
    public bool SaveLast { get; set; }

    /// <summary><c>save_optimizer</c>: include optimizer and schedules, which a resume needs.</summary>
    public bool SaveOptimizer { get; set; }
}

/// <summary><c>DistSamplerSeedHook</c>.</summary>
[Register("DistSamplerSeedHook", Builds = typeof(Detect.Engine.DistSamplerSeedHook), DefaultSlot = "default_hooks.sampler_seed")]
public sealed class DistSamplerSeedHookAttribute : HookAttribute;

/// <summary><c>DetVisualizationHook</c>.</summary>
[Register("DetVisualizationHook", Builds = typeof(Detect.Engine.DetVisualizationHook), DefaultSlot = "default_hooks.visualization")]
public sealed class DetVisualizationHookAttribute : HookAttribute
{
    /// <summary><c>draw</c>: draw predictions at all (MMDetection's default: no).</summary>
    public bool Draw { get; set; }

    /// <summary><c>interval</c>: draw every this many validation batches.</summary>
    [InRange(1, int.MaxValue)]
    public int Interval { get; set; }

    /// <summary><c>score_thr</c>: predictions scoring below it are not drawn.</summary>
    [InRange(0, 1)]
    public double ScoreThr { get; set; }

    /// <summary><c>test_out_dir</c>: folder under the run's log dir for test images.</summary>
    public string? TestOutDir { get; set; }
}

/// <summary><c>EMAHook</c>: keeps an exponential moving average of the weights.</summary>
[Register("EMAHook", Builds = typeof(Detect.Engine.EmaHook))]
public sealed class EmaHookAttribute : HookAttribute
{
    /// <summary><c>momentum</c>.</summary>
    [InRange(0, 1)]
    public double Momentum { get; set; }

    /// <summary><c>ema_type</c>: MMDetection's ExpMomentumEMA (YOLOX) or MMEngine's ExponentialMovingAverage.</summary>
    public Detect.Engine.EmaType EmaType { get; set; }

    /// <summary><c>gamma</c> of ExpMomentumEMA: how fast the momentum decays to its final value.</summary>
    [InRange(1, int.MaxValue)]
    public int Gamma { get; set; }

    /// <summary><c>interval</c>: average every this many iterations.</summary>
    [InRange(1, int.MaxValue)]
    public int Interval { get; set; }

    /// <summary><c>update_buffers</c>: average BatchNorm statistics too.</summary>
    public bool UpdateBuffers { get; set; }

    /// <summary><c>begin_iter</c>: start averaging at this iteration.</summary>
    [InRange(0, int.MaxValue)]
    public int BeginIter { get; set; }
}

/// <summary>
/// <c>CheckInvalidLossHook</c>, accepted for MMDetection configs: every run already checks every iteration's losses
/// before the optimizer step and stops at the first NaN/Inf (see <c>optim_wrapper.on_invalid_loss</c>).
/// </summary>
[Register("CheckInvalidLossHook", Builds = typeof(Detect.Engine.CheckInvalidLossHook))]
public sealed class CheckInvalidLossHookAttribute : HookAttribute
{
    /// <summary><c>interval</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int Interval { get; set; } = 50;
}

/// <summary>
/// A user hook by type: <c>[CustomHook(typeof(MyHook))]</c>. The type must derive from <see cref="Engine.Hook"/> and have a
/// public parameterless constructor; anything else is DET401, a compile error.
/// </summary>
[Register("CustomHook")]
[HookRule(TypeFrom = nameof(HookType))]
public sealed class CustomHookAttribute(Type hookType) : HookAttribute
{
    /// <summary>The hook's type; built with its parameterless constructor.</summary>
    [Implements("Detect.Engine.Hook")]
    public Type HookType { get; set; } = hookType;
}
