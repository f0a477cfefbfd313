namespace Detect.Engine;

/// <summary>
/// MMEngine's <c>paramwise_cfg</c>: multipliers of the base learning rate and weight decay for some
/// parameters. Multipliers default to 1 (MMEngine's unset). <see cref="CustomKeys"/> win over the rest:
/// the longest key that is a substring of a parameter's full name applies (ties alphabetical).
/// </summary>
public sealed record ParamwiseOptions
{
    /// <summary><c>bias_lr_mult</c>: lr multiplier of biases (not of norm layers).</summary>
    public double BiasLrMult { get; init; } = 1.0;

    /// <summary><c>bias_decay_mult</c>: weight-decay multiplier of biases (not of norm layers).</summary>
    public double BiasDecayMult { get; init; } = 1.0;

    /// <summary><c>norm_decay_mult</c>: weight-decay multiplier of BatchNorm/GroupNorm/LayerNorm/InstanceNorm weights and biases.</summary>
    public double NormDecayMult { get; init; } = 1.0;

    /// <summary><c>custom_keys</c>: name substring → multipliers, e.g. <c>{"backbone": new(LrMult: 0.1)}</c>.</summary>
    public IReadOnlyDictionary<string, CustomKeyOptions> CustomKeys { get; init; } = new Dictionary<string, CustomKeyOptions>();
}

/// <summary>One <c>custom_keys</c> entry.</summary>
/// <param name="LrMult"><c>lr_mult</c>.</param>
/// <param name="DecayMult"><c>decay_mult</c>.</param>
public sealed record CustomKeyOptions(double LrMult = 1.0, double DecayMult = 1.0);
