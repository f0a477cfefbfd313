using Detect.Models.Layers;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Layers;

/// <summary>
/// SSD's <see cref="L2Norm"/>: <c>weight · (x / max(‖x‖₂ over channels, eps))</c>, as its TorchSharp forward computes it
/// (<c>F.normalize</c>). The norm is <c>Sqrt(ReduceSum(x·x))</c>, whose axes are an input in every opset written (ReduceL2's
/// moved from an attribute to an input at opset 18).
/// </summary>
public sealed class L2NormExport : ModuleExport<L2Norm>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, L2Norm module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        var x = inputs[0];
        var sumSquares = g.Node("ReduceSum", path, [g.Node("Mul", path, [x, x]), g.Int64s($"{path}.channel_axis", 1)], OnnxAttributes.Int("keepdims", 1));
        var norm = g.Node("Max", path, [g.Node("Sqrt", path, [sumSquares]), g.Floats($"{path}.eps", [(float)module.Eps])]);
        var weight = module.named_parameters().First(p => p.name == "weight").parameter;
        using var perChannel = weight.detach().view(1, -1, 1, 1);
        return [g.Node("Mul", path, [g.Initializer($"{path}.weight", perChannel), g.Node("Div", path, [x, norm])])];
    }
}
