using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>The activations MMCV's <c>act_cfg</c> names (its <c>type</c> key).</summary>
public enum ActType
{
    /// <summary>No activation: MMCV's <c>act_cfg=None</c>.</summary>
    None,

    /// <summary><c>ReLU</c>.</summary>
    ReLU,

    /// <summary><c>LeakyReLU</c> with <see cref="ActConfig.NegativeSlope"/>.</summary>
    LeakyReLU,

    /// <summary><c>ReLU6</c>.</summary>
    ReLU6,

    /// <summary><c>Sigmoid</c>.</summary>
    Sigmoid,

    /// <summary><c>SiLU</c> (MMCV's <c>Swish</c>).</summary>
    SiLU,

    /// <summary><c>GELU</c>.</summary>
    GELU,

    /// <summary><c>Tanh</c>.</summary>
    Tanh,
}

/// <summary>MMCV's <c>act_cfg</c>: <c>dict(type='ReLU')</c>, <c>dict(type='LeakyReLU', negative_slope=0.1)</c>...</summary>
public sealed record ActConfig
{
    /// <summary>MMCV's <c>type</c>.</summary>
    public ActType Type { get; init; } = ActType.ReLU;

    /// <summary>LeakyReLU's <c>negative_slope</c>.</summary>
    public double NegativeSlope { get; init; } = 0.01;

    /// <summary><c>dict(type='ReLU')</c>, MMCV's default for ConvModule.</summary>
    public static ActConfig ReLU { get; } = new();

    /// <summary>No activation (<c>act_cfg=None</c>).</summary>
    public static ActConfig None { get; } = new() { Type = ActType.None };

    /// <summary>
    /// MMCV's <c>build_activation_layer</c>: the activation as a module (registered as <c>activate</c> or <c>relu</c>,
    /// as MMCV does, so forward hooks such as the FLOP counter see it), or null for <see cref="ActType.None"/>.
    /// </summary>
    public nn.Module<Tensor, Tensor>? Build(bool inplace) => Type switch
    {
        ActType.None => null,
        ActType.ReLU => nn.ReLU(inplace),
        ActType.LeakyReLU => new LeakyRelu(NegativeSlope, inplace),
        ActType.ReLU6 => nn.ReLU6(inplace),
        ActType.Sigmoid => nn.Sigmoid(),
        ActType.SiLU => nn.SiLU(inplace),
        ActType.GELU => nn.GELU(),
        ActType.Tanh => nn.Tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "unknown activation"),
    };

}
