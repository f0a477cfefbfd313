using Detect.Models.Layers;
using Detect.Onnx.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Layers;

/// <summary>MMCV's <see cref="Scale"/>: <c>Mul</c> by its learned scalar.</summary>
public sealed class ScaleExport : ModuleExport<Scale>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, Scale module, string path, IReadOnlyList<string> inputs) =>
        [context.Graph.Node("Mul", path, [inputs[0], context.Graph.Initializer($"{path}.scale", module.Factor)])];
}
