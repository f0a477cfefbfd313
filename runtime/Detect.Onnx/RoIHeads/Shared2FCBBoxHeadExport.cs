using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using TorchSharp.Modules;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// MMDetection's <see cref="Shared2FCBBoxHead"/>: the RoI features flattened, two shared fully connected layers with
/// ReLU (<c>shared_fcs</c>), then the class logits (<c>fc_cls</c>) and box deltas (<c>fc_reg</c>), returned in that order.
/// </summary>
public sealed class Shared2FCBBoxHeadExport : ModuleExport<Shared2FCBBoxHead>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, Shared2FCBBoxHead module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var h = g.Node("Flatten", path, [inputs[0]], Graph.OnnxAttributes.Int("axis", 1));
        var fcs = (ModuleList<Linear>)ExportContext.Child(module, path, "shared_fcs");
        for (int i = 0; i < fcs.Count; i++) h = g.Node("Relu", $"{path}.shared_fcs.{i}", [context.EmitSingle(fcs[i], $"{path}.shared_fcs.{i}", h)]);
        return [context.EmitSingle(ExportContext.Child(module, path, "fc_cls"), $"{path}.fc_cls", h),
            context.EmitSingle(ExportContext.Child(module, path, "fc_reg"), $"{path}.fc_reg", h)];
    }
}
