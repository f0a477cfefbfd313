namespace Detect.Engine;

/// <summary>
/// An optimizer's settings (MMEngine's <c>optim_wrapper.optimizer=dict(type=..., lr=..., ...)</c>):
/// <see cref="Lr"/> and <see cref="WeightDecay"/> are the base values param-wise options multiply.
/// </summary>
public abstract record OptimizerOptions
{
    /// <summary><c>lr</c>.</summary>
    public required double Lr { get; init; }

    /// <summary><c>weight_decay</c>.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Builds the optimizer over <paramref name="paramGroups"/>.</summary>
    public abstract Optimizer Build(IReadOnlyList<ParamGroup> paramGroups);
}

/// <summary>SGD's settings (<c>type='SGD'</c>), as <c>torch.optim.SGD</c>.</summary>
public sealed record SgdOptions : OptimizerOptions
{
    /// <summary><c>momentum</c>.</summary>
    public double Momentum { get; init; }

    /// <summary><c>dampening</c>.</summary>
    public double Dampening { get; init; }

    /// <summary><c>nesterov</c>: needs momentum and no dampening.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc />
    public override Optimizer Build(IReadOnlyList<ParamGroup> paramGroups) => new Sgd(paramGroups, this);
}

/// <summary>AdamW's settings (<c>type='AdamW'</c>), as <c>torch.optim.AdamW</c> (no amsgrad).</summary>
public sealed record AdamWOptions : OptimizerOptions
{
    /// <summary>Creates the settings with PyTorch's defaults except the weight decay (MMDetection's configs use 0.05).</summary>
    public AdamWOptions() => WeightDecay = 0.01;

    /// <summary><c>betas[0]</c>.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary><c>betas[1]</c>.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary><c>eps</c>.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <inheritdoc />
    public override Optimizer Build(IReadOnlyList<ParamGroup> paramGroups) => new AdamW(paramGroups, this);
}
