using Detect.Models.Necks;
using Detect.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Necks;

/// <summary>
/// SSD's <see cref="SSDNeck"/>: the first level through its L2Norm (when it has one), the others passed through, then each
/// extra layer (1×1 then 3×3 ConvModule) on the last level so far.
/// </summary>
public sealed class SSDNeckExport : ModuleExport<SSDNeck>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, SSDNeck module, string path, IReadOnlyList<string> inputs)
    {
        var outs = inputs.ToList();
        if (ExportContext.OptionalChild(module, "l2_norm") is { } l2Norm) outs[0] = context.EmitSingle(l2Norm, $"{path}.l2_norm", outs[0]);
        var extraLayers = (ModuleList<Sequential>)ExportContext.Child(module, path, "extra_layers");
        for (int i = 0; i < extraLayers.Count; i++) outs.Add(context.EmitSingle(extraLayers[i], $"{path}.extra_layers.{i}", outs[^1]));
        return outs;
    }
}
