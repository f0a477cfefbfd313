using Detect.Models.DenseHeads;
using Detect.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Heads;

/// <summary>
/// SSD's <see cref="SSDHead"/>: one 3×3 class conv and one 3×3 box conv per level; the outputs in
/// <see cref="DenseHeadOutputs"/> order (every level's class scores, then every level's box deltas).
/// </summary>
public sealed class SSDHeadExport : ModuleExport<SSDHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, SSDHead module, string path, IReadOnlyList<string> inputs)
    {
        var clsConvs = (ModuleList<Sequential>)ExportContext.Child(module, path, "cls_convs");
        var regConvs = (ModuleList<Sequential>)ExportContext.Child(module, path, "reg_convs");
        if (clsConvs.Count != inputs.Count)
            throw new OnnxExportException($"{path} (SSDHead) has {clsConvs.Count} levels of convs for {inputs.Count} feature levels.");
        var cls = inputs.Select((x, level) => context.EmitSingle(clsConvs[level], $"{path}.cls_convs.{level}", x)).ToList();
        var reg = inputs.Select((x, level) => context.EmitSingle(regConvs[level], $"{path}.reg_convs.{level}", x)).ToList();
        return [.. cls, .. reg];
    }
}
