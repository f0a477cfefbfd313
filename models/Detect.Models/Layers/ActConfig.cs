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

    /// <summary>Applies the activation; with <paramref name="inplace"/> it may overwrite <paramref name="x"/>.</summary>
    public Tensor Apply(Tensor x, bool inplace) => Type switch
    {
        ActType.None => x,
        ActType.ReLU => inplace ? x.relu_() : nn.functional.relu(x),
        ActType.LeakyReLU => LeakyRelu(x, inplace),
        ActType.ReLU6 => nn.functional.relu6(x, inplace),
        ActType.Sigmoid => x.sigmoid(),
        ActType.SiLU => nn.functional.silu(x, inplace),
        ActType.GELU => nn.functional.gelu(x),
        ActType.Tanh => x.tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "unknown activation"),
    };

    // TorchSharp's functional leaky_relu turns the slope into a temporary Scalar (Detect.Platform.Scalars).
    Tensor LeakyRelu(Tensor x, bool inplace)
    {
        using var slope = NegativeSlope.ToScalar();
        return inplace ? x.leaky_relu_(slope).alias() : x.leaky_relu(slope);
    }
}
