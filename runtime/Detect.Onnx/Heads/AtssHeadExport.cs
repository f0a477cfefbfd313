using Detect.Models.DenseHeads;
using Detect.Onnx.Export;
using TorchSharp.Modules;

namespace Detect.Onnx.Heads;

/// <summary>
/// MMDetection's <see cref="ATSSHead"/> to its raw outputs: per level the class logits (<c>atss_cls</c> on the class
/// tower), the box deltas (<c>scales.i</c> · <c>atss_reg</c> on the regression tower) and the centerness logits
/// (<c>atss_centerness</c>, also on the regression tower); returned as every level's class scores, box predictions, then
/// centernesses (the score factors the post-processing multiplies in).
/// </summary>
public sealed class AtssHeadExport : ModuleExport<ATSSHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, ATSSHead module, string path, IReadOnlyList<string> inputs)
    {
        var atssCls = ExportContext.Child(module, path, "atss_cls");
        var atssReg = ExportContext.Child(module, path, "atss_reg");
        var atssCenterness = ExportContext.Child(module, path, "atss_centerness");
        var scales = (ModuleList<Models.Layers.Scale>)ExportContext.Child(module, path, "scales");
        var (cls, reg, centerness) = (new List<string>(), new List<string>(), new List<string>());
        for (int level = 0; level < inputs.Count; level++)
        {
            var (clsFeat, regFeat) = DenseTowers.Emit(context, module, path, inputs[level]);
            cls.Add(context.EmitSingle(atssCls, $"{path}.atss_cls", clsFeat));
            reg.Add(context.EmitSingle(scales[level], $"{path}.scales.{level}", context.EmitSingle(atssReg, $"{path}.atss_reg", regFeat)));
            centerness.Add(context.EmitSingle(atssCenterness, $"{path}.atss_centerness", regFeat));
        }
        return [.. cls, .. reg, .. centerness];
    }
}
