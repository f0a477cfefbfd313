using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Analysis;

/// <summary>
/// MMCV's FLOP rules (<c>mmcv.cnn.get_model_complexity_info</c>, after flops-counter.pytorch): which modules are
/// counted and how many FLOPs one call costs. A multiply-add counts as one FLOP.
/// </summary>
/// <remarks>
/// <para>Counted, per call of the module (input x, output y, batch N):</para>
/// <list type="bullet">
/// <item>Conv1d/2d/3d: <c>N · prod(y spatial) · prod(kernel) · in_channels · out_channels/groups</c>, plus
/// <c>out_channels · N · prod(y spatial)</c> when the conv has a bias.</item>
/// <item>ConvTranspose2d: <c>N · H_in · W_in · kh · kw · in_channels · out_channels/groups</c>, plus the bias term on the output.</item>
/// <item>Linear: <c>numel(x) · out_features</c> (the bias is not counted).</item>
/// <item>Norms — BatchNorm1d/2d/3d (and Detect's <see cref="Layers.BatchNorm2d"/>), GroupNorm, InstanceNorm1d/2d/3d,
/// LayerNorm: <c>numel(x)</c>, doubled when the norm is affine.</item>
/// <item>Activations — ReLU, PReLU, ELU, LeakyReLU, ReLU6: <c>numel(y)</c>.</item>
/// <item>Pooling — Max/Avg/AdaptiveMax/AdaptiveAvg Pool 1d/2d/3d: <c>numel(x)</c>.</item>
/// <item>Upsample: <c>numel(y)</c>.</item>
/// </list>
/// <para>Not counted, as in MMCV: anything done by functions rather than modules (<c>F.interpolate</c> in FPN's top-down
/// path, functional ReLUs such as the RPN's and FPN's <c>relu_before_extra_convs</c>, additions, sigmoid, RoIAlign),
/// <see cref="Layers.FrozenBatchNorm2d"/>, Identity, Scale, and every other module type.</para>
/// </remarks>
public static class FlopRules
{
    /// <summary>Whether MMCV counts modules of this kind.</summary>
    public static bool IsCounted(nn.Module module) => module is Conv1d or Conv2d or Conv3d or ConvTranspose2d or Linear
        or ReLU or PReLU or ELU or LeakyReLU or Layers.LeakyRelu or ReLU6
        or MaxPool1d or MaxPool2d or MaxPool3d or AvgPool1d or AvgPool2d or AvgPool3d
        or AdaptiveMaxPool1d or AdaptiveMaxPool2d or AdaptiveMaxPool3d or AdaptiveAvgPool1d or AdaptiveAvgPool2d or AdaptiveAvgPool3d
        or BatchNorm or InstanceNorm1d or InstanceNorm2d or InstanceNorm3d or GroupNorm or LayerNorm or Upsample;

    /// <summary>FLOPs of one call of a counted module on <paramref name="input"/> giving <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">A module MMCV does not count.</exception>
    public static long Flops(nn.Module module, Tensor input, Tensor output)
    {
        if (!IsCounted(module)) throw new ArgumentException($"MMCV does not count {module.GetType().Name} modules.", nameof(module));
        return module switch
        {
            ConvTranspose2d deconv => TransposedConv(deconv, input, output),
            Convolution conv => Conv(conv, input, output),
            Linear => input.numel() * output.shape[^1],
            ReLU or PReLU or ELU or LeakyReLU or Layers.LeakyRelu or ReLU6 or Upsample => output.numel(),
            NormBase or GroupNorm or LayerNorm => input.numel() * (IsAffine(module) ? 2 : 1),
            _ => input.numel(),   // pooling
        };
    }

    static long Conv(Convolution conv, Tensor input, Tensor output)
    {
        long batch = input.shape[0];
        long perPosition = conv.kernel_size.Aggregate(1L, (a, k) => a * k) * conv.in_channels * (conv.out_channels / conv.groups);
        long active = batch * output.shape[2..].Aggregate(1L, (a, d) => a * d);
        return perPosition * active + (conv.bias is null ? 0 : conv.out_channels * active);
    }

    static long TransposedConv(ConvTranspose2d conv, Tensor input, Tensor output)
    {
        long batch = input.shape[0];
        long perPosition = conv.kernel_size[0] * conv.kernel_size[1] * conv.in_channels * (conv.out_channels / conv.groups);
        long flops = perPosition * batch * input.shape[2] * input.shape[3];
        return flops + (conv.bias is null ? 0 : conv.out_channels * batch * output.shape[2] * output.shape[3]);
    }

    // MMCV: getattr(module, 'affine', False) or getattr(module, 'elementwise_affine', False).
    static bool IsAffine(nn.Module module) => module switch
    {
        NormBase norm => norm.affine,
        GroupNorm gn => gn.affine,
        LayerNorm ln => ln.weight is not null,
        _ => false,
    };
}
