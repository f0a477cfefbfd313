using Detect.Models.Layers;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Layers;

/// <summary>MMCV's <see cref="ConvModule"/>: conv (with its BatchNorm folded) → norm → activation.</summary>
public sealed class ConvModuleExport : IModuleExport
{
    /// <inheritdoc/>
    public bool Handles(nn.Module module) => module is ConvModule;

    /// <inheritdoc/>
    public IReadOnlyList<string> Emit(ExportContext context, nn.Module module, string path, IReadOnlyList<string> inputs)
    {
        var conv = (ConvModule)module;
        var y = ConvExport.WriteConvNorm(context, conv.Conv, ExportContext.Join(path, "conv"), conv.Norm,
            ExportContext.Join(path, conv.NormName ?? ""), inputs[0]);
        return [conv.Activate is { } act ? context.EmitSingle(act, ExportContext.Join(path, "activate"), y) : y];
    }
}
