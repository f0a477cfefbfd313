using Detect.Models.Layers;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Layers;

/// <summary>MMCV's <see cref="ConvModule"/>: conv (with its BatchNorm folded) → norm → activation.</summary>
public sealed class ConvModuleExport : ModuleExport<ConvModule>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, ConvModule module, string path, IReadOnlyList<string> inputs)
    {
        var y = ConvExport.WriteConvNorm(context, module.Conv, ExportContext.Join(path, "conv"), module.Norm,
            ExportContext.Join(path, module.NormName ?? ""), inputs[0]);
        return [module.Activate is { } act ? context.EmitSingle(act, ExportContext.Join(path, "activate"), y) : y];
    }
}
