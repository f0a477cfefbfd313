using Detect.Models.DenseHeads;
using Detect.Onnx.Export;

namespace Detect.Onnx.Heads;

/// <summary>
/// MMDetection's <see cref="RPNHead"/> to its raw outputs: per level ReLU(<c>rpn_conv</c>), then the objectness logits
/// (<c>rpn_cls</c>) and box deltas (<c>rpn_reg</c>); returned as every level's class scores, then box predictions.
/// </summary>
public sealed class RPNHeadExport : ModuleExport<RPNHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, RPNHead module, string path, IReadOnlyList<string> inputs)
    {
        var rpnConv = ExportContext.Child(module, path, "rpn_conv");
        var rpnCls = ExportContext.Child(module, path, "rpn_cls");
        var rpnReg = ExportContext.Child(module, path, "rpn_reg");
        var (cls, reg) = (new List<string>(), new List<string>());
        foreach (var feature in inputs)
        {
            var feat = context.Graph.Node("Relu", $"{path}.rpn_conv", [context.EmitSingle(rpnConv, $"{path}.rpn_conv", feature)]);
            cls.Add(context.EmitSingle(rpnCls, $"{path}.rpn_cls", feat));
            reg.Add(context.EmitSingle(rpnReg, $"{path}.rpn_reg", feat));
        }
        return [.. cls, .. reg];
    }
}
