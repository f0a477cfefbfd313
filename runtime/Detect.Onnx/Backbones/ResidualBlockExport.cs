using Detect.Models.Backbones;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Backbones;

/// <summary>
/// A <see cref="ResidualBlock"/> (BasicBlock, Bottleneck): <c>conv1</c>/<c>bn1</c>… folded into Convs with a ReLU
/// after each but the last, the shortcut (<c>downsample</c> or the input) added, then ReLU.
/// </summary>
public sealed class ResidualBlockExport : ModuleExport<ResidualBlock>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, ResidualBlock module, string path, IReadOnlyList<string> inputs)
    {
        var relu = ExportContext.Child(module, path, "relu");
        var reluPath = ExportContext.Join(path, "relu");
        var y = inputs[0];
        for (int i = 1; ConvNormChildren.Has(module, i); i++)
        {
            y = ConvNormChildren.Write(context, module, path, i, y);
            if (ConvNormChildren.Has(module, i + 1)) y = context.EmitSingle(relu, reluPath, y);
        }
        var shortcut = module.Downsample is { } downsample ? context.EmitSingle(downsample, ExportContext.Join(path, "downsample"), inputs[0]) : inputs[0];
        return [context.EmitSingle(relu, reluPath, context.Graph.Node("Add", path, [y, shortcut]))];
    }
}
