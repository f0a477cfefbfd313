using Detect.Models.DenseHeads;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Heads;

/// <summary>
/// MMDetection's <see cref="RetinaHead"/> to its raw outputs: per level, the class logits (<c>retina_cls</c>) and box
/// deltas (<c>retina_reg</c>); returned as every level's class scores, then every level's box predictions.
/// </summary>
public sealed class RetinaHeadExport : ModuleExport<RetinaHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, RetinaHead module, string path, IReadOnlyList<string> inputs)
    {
        var retinaCls = ExportContext.Child(module, path, "retina_cls");
        var retinaReg = ExportContext.Child(module, path, "retina_reg");
        var cls = new List<string>();
        var reg = new List<string>();
        for (int level = 0; level < inputs.Count; level++)
        {
            var (clsFeat, regFeat) = DenseTowers.Emit(context, module, path, inputs[level]);
            cls.Add(context.EmitSingle(retinaCls, $"{path}.retina_cls", clsFeat));
            reg.Add(context.EmitSingle(retinaReg, $"{path}.retina_reg", regFeat));
        }
        return [.. cls, .. reg];
    }
}
