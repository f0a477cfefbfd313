namespace Detect.Config;

/// <summary><c>EpochBasedTrainLoop</c>: train for <see cref="MaxEpochs"/> epochs, validating every <see cref="ValInterval"/>.</summary>
[Register("EpochBasedTrainLoop", Builds = typeof(Detect.Engine.EpochBasedTrainLoopOptions))]
[TrainLengthRule]
public sealed class EpochBasedTrainLoopAttribute : TrainLoopAttribute
{
    /// <summary><c>max_epochs</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxEpochs { get; set; } = 12;

    /// <summary><c>val_interval</c> in epochs.</summary>
    [InRange(1, int.MaxValue)]
    public int ValInterval { get; set; }
}

/// <summary><c>IterBasedTrainLoop</c>: train for <see cref="MaxIters"/> iterations.</summary>
[Register("IterBasedTrainLoop", Builds = typeof(Detect.Engine.IterBasedTrainLoopOptions))]
public sealed class IterBasedTrainLoopAttribute : TrainLoopAttribute
{
    /// <summary><c>max_iters</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxIters { get; set; } = 90000;

    /// <summary><c>val_interval</c> in iterations.</summary>
    [InRange(1, int.MaxValue)]
    public int ValInterval { get; set; } = 10000;
}

/// <summary>SGD (<c>optim_wrapper.optimizer=dict(type='SGD', ...)</c>).</summary>
[Register("SGD", Builds = typeof(Detect.Engine.SgdOptions))]
public sealed class SgdAttribute : OptimizerAttribute
{
    /// <summary><c>lr</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double Lr { get; set; } = 0.02;

    /// <summary><c>momentum</c>.</summary>
    [InRange(0, 1)]
    public double Momentum { get; set; } = 0.9;

    /// <summary><c>weight_decay</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double WeightDecay { get; set; } = 0.0001;

    /// <summary><c>nesterov</c>.</summary>
    public bool Nesterov { get; set; }
}

/// <summary>AdamW: Adam with decoupled weight decay (<c>torch.optim.AdamW</c>).</summary>
[Register("AdamW", Builds = typeof(Detect.Engine.AdamWOptions))]
public sealed class AdamWAttribute : OptimizerAttribute
{
    /// <summary><c>lr</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double Lr { get; set; } = 0.0001;

    /// <summary><c>betas</c>.</summary>
    [Length(2), InRange(0, 1)]
    public double[] Betas { get; set; } = [0.9, 0.999];

    /// <summary><c>weight_decay</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double WeightDecay { get; set; } = 0.05;

    /// <summary><c>eps</c>.</summary>
    [InRange(0, 1)]
    public double Eps { get; set; } = 1e-8;
}

/// <summary>Adam (<c>torch.optim.Adam</c>): weight decay added to the gradient (L2).</summary>
[Register("Adam", Builds = typeof(Detect.Engine.AdamOptions))]
public sealed class AdamAttribute : OptimizerAttribute
{
    /// <summary><c>lr</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double Lr { get; set; } = 0.001;

    /// <summary><c>betas</c>.</summary>
    [Length(2), InRange(0, 1)]
    public double[] Betas { get; set; } = [0.9, 0.999];

    /// <summary><c>weight_decay</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double WeightDecay { get; set; }

    /// <summary><c>eps</c>.</summary>
    [InRange(0, 1)]
    public double Eps { get; set; } = 1e-8;
}

/// <summary><c>optim_wrapper.paramwise_cfg</c>: per-parameter LR and decay multipliers.</summary>
[Register("", Builds = typeof(Detect.Engine.ParamwiseOptions), DefaultSlot = "optim_wrapper.paramwise_cfg")]
public sealed class ParamwiseCfgAttribute : ComponentAttribute
{
    /// <summary><c>bias_lr_mult</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double BiasLrMult { get; set; } = 1.0;

    /// <summary><c>bias_decay_mult</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double BiasDecayMult { get; set; } = 1.0;

    /// <summary><c>norm_decay_mult</c>: 0 keeps weight decay off norm layers.</summary>
    [InRange(0, double.MaxValue)]
    public double NormDecayMult { get; set; } = 1.0;
}

/// <summary><c>optim_wrapper.clip_grad</c>: clip the gradient norm.</summary>
[Register("", Builds = typeof(Detect.Engine.GradClip), DefaultSlot = "optim_wrapper.clip_grad")]
public sealed class ClipGradAttribute : ComponentAttribute
{
    /// <summary><c>max_norm</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double MaxNorm { get; set; } = 35;

    /// <summary><c>norm_type</c>.</summary>
    [InRange(1, double.MaxValue)]
    public double NormType { get; set; } = 2;
}
