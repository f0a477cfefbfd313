using Detect.Models.Layers;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Layers;

/// <summary>
/// <c>Conv2d</c> as an ONNX <c>Conv</c> (zero padding only); with <see cref="WriteConvNorm"/>, a BatchNorm or frozen
/// BatchNorm right after it is folded into the Conv's weight and bias (evaluation mode, as <see cref="ConvBnFusion"/>).
/// </summary>
public sealed class ConvExport : ModuleExport<Conv2d>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, Conv2d module, string path, IReadOnlyList<string> inputs) =>
        [Write(context.Graph, module, path, inputs[0], null)];

    /// <summary>
    /// <paramref name="conv"/> then <paramref name="norm"/> (null for none): one Conv when the norm folds, else the Conv
    /// and the norm's own form.
    /// </summary>
    public static string WriteConvNorm(ExportContext context, Conv2d conv, string convPath, nn.Module? norm, string normPath, string input)
    {
        if (norm is not null && ConvBnFusion.IsFoldableNorm(norm) && ConvBnFusion.Folded(conv, norm) is { } folded)
        {
            using (folded.Weight)
            using (folded.Bias)
                return Write(context.Graph, conv, convPath, input, folded);
        }
        var y = Write(context.Graph, conv, convPath, input, null);
        return norm is null ? y : context.EmitSingle(norm, normPath, y);
    }

    static string Write(OnnxGraph graph, Conv2d conv, string path, string input, (Tensor Weight, Tensor Bias)? folded)
    {
        if (conv.padding_mode != PaddingModes.Zeros)
            throw new OnnxExportException($"{path} (Conv2d): padding_mode {conv.padding_mode} has no ONNX form; only zero padding is exported.");
        if (conv.padding is not { } padding)
            throw new OnnxExportException($"{path} (Conv2d): 'same'/'valid' padding is not exported; give explicit padding.");
        var weight = graph.Initializer($"{path}.weight", folded?.Weight ?? conv.weight!);
        var bias = folded?.Bias ?? conv.bias;
        List<string> inputs = bias is null ? [input, weight] : [input, weight, graph.Initializer($"{path}.bias", bias)];
        return graph.Node("Conv", path, inputs,
            OnnxAttributes.Ints("kernel_shape", conv.kernel_size),
            OnnxAttributes.Ints("strides", conv.stride),
            OnnxAttributes.Ints("pads", [.. padding, .. padding]),
            OnnxAttributes.Ints("dilations", conv.dilation),
            OnnxAttributes.Int("group", conv.groups));
    }
}
