using Detect.Models.Backbones;
using Detect.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Onnx.Backbones;

/// <summary>
/// SSD's <see cref="SSDVGG"/>: its <c>features</c> in order (convs, ReLUs, max pools with their ceil mode, the 3×3 stride-1
/// pool5, the dilated conv6), the outputs of the <see cref="SSDVGG.OutFeatureIndices"/> entries returned.
/// </summary>
public sealed class SSDVGGExport : ModuleExport<SSDVGG>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, SSDVGG module, string path, IReadOnlyList<string> inputs)
    {
        var features = (ModuleList<nn.Module<Tensor, Tensor>>)ExportContext.Child(module, path, "features");
        var outs = new List<string>();
        var x = inputs[0];
        for (int i = 0; i < features.Count; i++)
        {
            x = context.EmitSingle(features[i], $"{path}.features.{i}", x);
            if (module.OutFeatureIndices.Contains(i)) outs.Add(x);
        }
        return outs;
    }
}
