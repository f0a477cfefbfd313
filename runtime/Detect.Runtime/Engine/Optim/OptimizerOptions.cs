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

/// <summary>Adam's settings (<c>type='Adam'</c>), as <c>torch.optim.Adam</c> (no amsgrad): weight decay added to the gradient (L2).</summary>
public record AdamOptions : OptimizerOptions
{
    /// <summary><c>betas</c>.</summary>
    public (double Beta1, double Beta2) Betas { get; init; } = (0.9, 0.999);

    /// <summary><c>eps</c>.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <inheritdoc />
    public override Optimizer Build(IReadOnlyList<ParamGroup> paramGroups) => new Adam(paramGroups, this);
}

/// <summary>AdamW's settings (<c>type='AdamW'</c>), as <c>torch.optim.AdamW</c> (no amsgrad): weight decay decoupled from the gradient.</summary>
public sealed record AdamWOptions : AdamOptions
{
    /// <summary>Creates the settings with PyTorch's defaults (weight decay 0.01; MMDetection's configs use 0.05).</summary>
    public AdamWOptions() => WeightDecay = 0.01;

    /// <inheritdoc />
    public override Optimizer Build(IReadOnlyList<ParamGroup> paramGroups) => new AdamW(paramGroups, this);
}
