using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp.Modules;

namespace Detect.Onnx.Layers;

/// <summary><c>nn.Linear</c> as ONNX <c>Gemm</c> (y = x·Wᵀ + b) on an n×in input.</summary>
public sealed class LinearExport : ModuleExport<Linear>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, Linear module, string path, IReadOnlyList<string> inputs)
    {
        var g = context.Graph;
        List<string> args = [inputs[0], g.Initializer($"{path}.weight", module.weight!)];
        if (module.bias is { } bias) args.Add(g.Initializer($"{path}.bias", bias));
        return [g.Node("Gemm", path, args, OnnxAttributes.Int("transB", 1))];
    }
}
