using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// Makes convolution input gradients right on CPUs where libtorch 2.10's oneDNN computes them wrongly.
/// </summary>
/// <remarks>
/// <para>
/// The defect (docs/platform.md, "Convolution gradients"): oneDNN's AVX2 and AVX-512 jit kernels for
/// <c>conv2d</c>'s backward-data pass, in the channel-blocked layouts libtorch uses for NCHW tensors, read
/// channel padding they never wrote when the output-channel count is not a multiple of 16. The input
/// gradient then holds garbage, often NaN, depending on what the allocator handed back. Forward results and
/// weight gradients are right; 1×1 and strided convolutions happened to be right too, dilated ones not.
/// </para>
/// <para>
/// The remedy: such a convolution gets its input in channels-last (NHWC) memory whenever autograd will need
/// the input gradient. libtorch then runs oneDNN's NHWC kernels, which have no channel padding, and every
/// gradient matches float64 on every ISA level (the sweep in ConvGradientSweepTests). Nothing changes when
/// no input gradient is needed (inference, <c>no_grad</c>, a stem convolution on images), so inference pays
/// nothing and training pays one copy of a few head inputs per step.
/// </para>
/// <para>
/// It works on module trees, so a user's own modules are covered as long as their convolutions are
/// <c>nn.Conv2d</c> modules called through <c>call</c> (functional <c>conv2d</c> calls are not seen).
/// Detect's detectors attach it on their first <c>Loss</c>, the engine on every model it trains.
/// Set <c>DETECT_CONV_GUARD=off</c> to measure without it.
/// </para>
/// </remarks>
public static class ConvGradientGuard
{
    /// <summary>Output channels are padded to blocks of this many in the faulty layouts.</summary>
    public const int ChannelBlock = 16;

    static readonly ConditionalWeakTable<Conv2d, object> Guarded = [];

    /// <summary>Whether the guard is on: unless the environment variable <c>DETECT_CONV_GUARD</c> is <c>off</c>.</summary>
    public static bool Enabled { get; } =
        !string.Equals(Environment.GetEnvironmentVariable("DETECT_CONV_GUARD"), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="conv"/> is of the shape whose input gradient the faulty kernels get wrong.</summary>
    public static bool IsAffected(Conv2d conv) => IsAffected(conv.out_channels);

    /// <summary>Whether a convolution of <paramref name="shape"/> is of the shape whose input gradient the faulty kernels get wrong.</summary>
    public static bool IsAffected(ConvShape shape) => IsAffected(shape.OutChannels);

    static bool IsAffected(long outChannels) => outChannels % ChannelBlock != 0;

    /// <summary>
    /// Guards every affected <see cref="Conv2d"/> under <paramref name="root"/> (itself included) that is not
    /// guarded yet; returns how many were guarded now. Cheap to call again.
    /// </summary>
    public static int Attach(nn.Module root)
    {
        if (!Enabled) return 0;
        int added = 0;
        foreach (var module in root.modules().Prepend(root))
        {
            if (module is not Conv2d conv || !IsAffected(conv) || Guarded.TryGetValue(conv, out _)) continue;
            conv.register_forward_pre_hook(ChannelsLastWhenInputGradientIsNeeded);
            Guarded.Add(conv, Marker);
            added++;
        }
        return added;
    }

    /// <summary>How many affected convolutions under <paramref name="root"/> are guarded.</summary>
    public static int CountGuarded(nn.Module root) =>
        root.modules().Prepend(root).OfType<Conv2d>().Count(conv => Guarded.TryGetValue(conv, out _));

    /// <summary>The same values in channels-last memory (N, C, H, W sizes; C varies fastest), differentiable.</summary>
    public static Tensor ToChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    static readonly object Marker = new();

    // A pre-hook's result replaces the module's input; null leaves it as it is (TorchSharp's Module.call checks,
    // though the delegate type does not say so).
    static Tensor ChannelsLastWhenInputGradientIsNeeded(nn.Module<Tensor, Tensor> module, Tensor input) =>
        input.requires_grad && is_grad_enabled() && input.device_type == DeviceType.CPU && input.dim() == 4
            ? ToChannelsLast(input)
            : null!;
}
