using Detect.Models.Backbones;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Backbones;

/// <summary>
/// MMDetection's <see cref="ResNet"/> family (ResNet, ResNeXt, RegNet): the stem (<c>conv1</c> with its norm folded
/// and <c>relu</c>, or the deep <c>stem</c>), the max pool where there is one, then <c>layer1</c>… with the outputs
/// of <c>out_indices</c>.
/// </summary>
public sealed class ResNetExport : ModuleExport<ResNet>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, ResNet module, string path, IReadOnlyList<string> inputs)
    {
        var x = inputs[0];
        if (ExportContext.OptionalChild(module, "stem") is { } stem) x = context.EmitSingle(stem, ExportContext.Join(path, "stem"), x);
        else
        {
            x = ConvNormChildren.Write(context, module, path, 1, x);
            x = context.EmitSingle(ExportContext.Child(module, path, "relu"), ExportContext.Join(path, "relu"), x);
        }
        if (ExportContext.OptionalChild(module, "maxpool") is { } pool) x = context.EmitSingle(pool, ExportContext.Join(path, "maxpool"), x);
        var outs = new List<string>();
        for (int i = 0; i < module.Layers.Count; i++)
        {
            x = context.EmitSingle(module.Layers[i], ExportContext.Join(path, $"layer{i + 1}"), x);
            if (module.OutIndices.Contains(i)) outs.Add(x);
        }
        return outs;
    }
}
