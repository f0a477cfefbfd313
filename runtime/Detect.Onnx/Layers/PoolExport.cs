using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace Detect.Onnx.Layers;

/// <summary><c>MaxPool2d</c> as <c>MaxPool</c> (floor or ceil mode); <see cref="Write"/> for functional max pools.</summary>
public sealed class PoolExport : ModuleExport<MaxPool2d>
{
    /// <inheritdoc/>
    protected override IReadOnlyList<string> Emit(ExportContext context, MaxPool2d module, string path, IReadOnlyList<string> inputs)
    {
        return [Write(context.Graph, path, inputs[0], module.kernel_size, module.stride ?? module.kernel_size, module.padding ?? [0, 0],
            module.dilation ?? [1, 1], module.ceil_mode)];
    }

    /// <summary>A 2-D max pool over <paramref name="input"/>.</summary>
    public static string Write(OnnxGraph graph, string path, string input, long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceilMode) =>
        graph.Node("MaxPool", path, [input],
            OnnxAttributes.Ints("kernel_shape", kernel),
            OnnxAttributes.Ints("strides", stride),
            OnnxAttributes.Ints("pads", [.. padding, .. padding]),
            OnnxAttributes.Ints("dilations", dilation),
            OnnxAttributes.Int("ceil_mode", ceilMode ? 1 : 0));
}
