using Detect.Models.Layers;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Detect.Onnx.Layers;

/// <summary><c>Sequential</c>: its children in order, a Conv2d followed by a BatchNorm written as one folded Conv.</summary>
public sealed class SequentialExport : ModuleExport<Sequential>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, Sequential module, string path, IReadOnlyList<string> inputs)
    {
        var children = module.named_children().ToList();
        var y = inputs[0];
        for (int i = 0; i < children.Count; i++)
        {
            var (name, child) = children[i];
            if (child is Conv2d conv && i + 1 < children.Count && ConvBnFusion.IsFoldableNorm(children[i + 1].module))
            {
                y = ConvExport.WriteConvNorm(context, conv, ExportContext.Join(path, name), children[i + 1].module,
                    ExportContext.Join(path, children[i + 1].name), y);
                i++;
            }
            else y = context.EmitSingle(child, ExportContext.Join(path, name), y);
        }
        return [y];
    }
}
