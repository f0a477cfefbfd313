using Detect.Models.Layers;
using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp.Modules;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// MMDetection's <see cref="FCNMaskHead"/> to its mask logits (n×K×2S×2S for n×C×S×S RoI features): the <c>convs</c>
/// (ConvModules), the 2× deconvolution <c>upsample</c> (<c>ConvTranspose</c>) with ReLU, and <c>conv_logits</c>.
/// </summary>
public sealed class FCNMaskHeadExport : ModuleExport<FCNMaskHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, FCNMaskHead module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var x = inputs[0];
        var convs = (ModuleList<ConvModule>)ExportContext.Child(module, path, "convs");
        for (int i = 0; i < convs.Count; i++) x = context.EmitSingle(convs[i], $"{path}.convs.{i}", x);
        var upsample = (ConvTranspose2d)ExportContext.Child(module, path, "upsample");
        x = g.Node("Relu", $"{path}.upsample", [Deconv(g, upsample, $"{path}.upsample", x)]);
        return [context.EmitSingle(ExportContext.Child(module, path, "conv_logits"), $"{path}.conv_logits", x)];
    }

    static string Deconv(OnnxGraph g, ConvTranspose2d conv, string path, string input)
    {
        if (conv.padding is not { } padding)
            throw new OnnxExportException($"{path} (ConvTranspose2d): 'same'/'valid' padding is not exported; give explicit padding.");
        // PyTorch's and ONNX's ConvTranspose weights share their layout: in × out/groups × kH × kW.
        List<string> inputs = [input, g.Initializer($"{path}.weight", conv.weight!)];
        if (conv.bias is { } bias) inputs.Add(g.Initializer($"{path}.bias", bias));
        return g.Node("ConvTranspose", path, inputs,
            OnnxAttributes.Ints("kernel_shape", conv.kernel_size),
            OnnxAttributes.Ints("strides", conv.stride),
            OnnxAttributes.Ints("pads", [.. padding, .. padding]),
            OnnxAttributes.Ints("output_padding", conv.output_padding),
            OnnxAttributes.Ints("dilations", conv.dilation),
            OnnxAttributes.Int("group", conv.groups));
    }
}
