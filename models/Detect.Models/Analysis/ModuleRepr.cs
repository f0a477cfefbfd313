using Detect.Config;
using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;

namespace Detect.Models.Analysis;

/// <summary>PyTorch's <c>extra_repr</c> of the common layers (<c>3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False</c>), as MMCV's per-layer report shows it.</summary>
public static class ModuleRepr
{
    /// <summary>The layer's <c>extra_repr</c>, or empty for modules it does not describe.</summary>
    public static string ExtraRepr(torch.nn.Module module) => module switch
    {
        Convolution conv => Conv(conv),
        Linear linear => $"in_features={linear.in_features}, out_features={linear.out_features}, bias={PyBool(linear.bias is not null)}",
        BatchNorm bn => $"{bn.num_features}, eps={PythonFloat.Str(bn.eps)}, momentum={(bn.momentum is { } m ? PythonFloat.Str(m) : "None")}, " +
            $"affine={PyBool(bn.affine)}, track_running_stats={PyBool(bn.track_running_stats)}",
        GroupNorm gn => $"{gn.num_groups}, {gn.weight?.shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, eps={PythonFloat.Str(gn.eps)}, affine={PyBool(gn.affine)}",
        FrozenBatchNorm2d frozen => $"{frozen.Weight.shape[0]}, eps={PythonFloat.Str(frozen.Eps)}",
        ReLU relu => relu.inplace ? "inplace=True" : "",
        _ => "",
    };

    static string Conv(Convolution conv)
    {
        var text = $"{conv.in_channels}, {conv.out_channels}, kernel_size={Tuple(conv.kernel_size)}, stride={Tuple(conv.stride)}";
        if (conv.padding is { } padding && padding.Any(p => p != 0)) text += $", padding={Tuple(padding)}";
        if (conv.dilation.Any(d => d != 1)) text += $", dilation={Tuple(conv.dilation)}";
        if (conv.groups != 1) text += $", groups={conv.groups}";
        if (conv.bias is null) text += ", bias=False";
        return text;
    }

    static string Tuple(long[] values) => values.Length == 1 ? $"({values[0]},)" : $"({string.Join(", ", values)})";

    static string PyBool(bool value) => value ? "True" : "False";
}
