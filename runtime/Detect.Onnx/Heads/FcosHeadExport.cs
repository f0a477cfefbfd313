using Detect.Models.DenseHeads;
using Detect.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Heads;

/// <summary>
/// MMDetection's <see cref="FCOSHead"/> to its raw outputs in evaluation mode: per level the class logits, the side
/// distances (<c>scales.i</c> · <c>conv_reg</c>, then ReLU · stride with <c>norm_on_bbox</c>, else exp) and the
/// centerness logits; returned as every level's class scores, box predictions, then centernesses.
/// </summary>
public sealed class FcosHeadExport : ModuleExport<FCOSHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, FCOSHead module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var convCls = ExportContext.Child(module, path, "conv_cls");
        var convReg = ExportContext.Child(module, path, "conv_reg");
        var convCenterness = ExportContext.Child(module, path, "conv_centerness");
        var scales = (ModuleList<Models.Layers.Scale>)ExportContext.Child(module, path, "scales");
        var (cls, reg, centerness) = (new List<string>(), new List<string>(), new List<string>());
        for (int level = 0; level < inputs.Count; level++)
        {
            var levelPath = $"{path}.level{level}";
            var (clsFeat, regFeat) = DenseTowers.Emit(context, module, path, inputs[level]);
            cls.Add(context.EmitSingle(convCls, $"{path}.conv_cls", clsFeat));
            centerness.Add(context.EmitSingle(convCenterness, $"{path}.conv_centerness", module.CenternessOnReg ? regFeat : clsFeat));
            var bbox = context.EmitSingle(scales[level], $"{path}.scales.{level}", context.EmitSingle(convReg, $"{path}.conv_reg", regFeat));
            bbox = module.NormOnBbox
                ? g.Node("Mul", levelPath, [g.Node("Relu", levelPath, [bbox]), g.Floats($"{levelPath}.stride", [module.Strides[level]])])
                : g.Node("Exp", levelPath, [bbox]);
            reg.Add(bbox);
        }
        return [.. cls, .. reg, .. centerness];
    }
}
