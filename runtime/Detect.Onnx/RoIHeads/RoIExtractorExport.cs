using Detect.Models.RoIHeads;
using Detect.Onnx.Graph;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// MMDetection's <see cref="SingleRoIExtractor"/> with ONNX <c>RoiAlign</c> (opset 16+): each RoI mapped to a level by
/// <c>map_roi_levels</c> (⌊log₂(√(w·h) / finest_scale + 1e-6)⌋ clamped to the levels, computed as a count of the powers
/// of two it reaches, so no rounding of a logarithm can move a RoI), then aligned on that level with the level's
/// <c>spatial_scale</c> (1/stride), <c>sampling_ratio</c>, and <c>half_pixel</c> coordinates for <c>aligned=True</c>
/// (<c>output_half_pixel</c> for <c>aligned=False</c>); the per-level results are scattered back into RoI order.
/// </summary>
public static class RoIExtractorExport
{
    /// <summary>The n×C×s×s RoI features of <paramref name="rois"/> (n×4 boxes of image 0) on <paramref name="features"/>.</summary>
    public static string Emit(OnnxGraph g, SingleRoIExtractor extractor, string path, IReadOnlyList<string> features, string rois)
    {
        var layer = extractor.RoiLayer;
        int levels = extractor.NumInputs, size = layer.OutputSize;
        var mode = layer.Aligned ? "half_pixel" : "output_half_pixel";
        if (levels == 1)
        {
            return Align(g, path, features[0], rois, ImageZero(g, path, g.Node("Shape", path, [rois], OnnxAttributes.Int("start", 0), OnnxAttributes.Int("end", 1))), 0);
        }
        var outShape = g.Node("Concat", path, [g.Node("Shape", path, [rois], OnnxAttributes.Int("start", 0), OnnxAttributes.Int("end", 1)),
            g.Int64s($"{path}.feature_shape", extractor.OutChannels, size, size)], OnnxAttributes.Int("axis", 0));
        var output = g.Node("Expand", path, [g.Floats($"{path}.zero", [0f]), outShape]);
        var split = g.Nodes("Split", path, 4, [rois, g.Int64s($"{path}.split", 1, 1, 1, 1)], OnnxAttributes.Int("axis", 1));
        var area = g.Node("Mul", path, [g.Node("Sub", path, [split[2], split[0]]), g.Node("Sub", path, [split[3], split[1]])]);
        var scale = g.Node("Add", path, [g.Node("Div", path, [g.Node("Sqrt", path, [area]), g.Floats($"{path}.finest_scale", [extractor.FinestScale])]),
            g.Floats($"{path}.eps", [1e-6f])]);
        scale = g.Node("Reshape", path, [scale, g.Int64s($"{path}.flat", -1)]);
        string? level = null;
        for (int k = 1; k < levels; k++)
        {
            var reached = g.Node("Cast", path, [g.Node("GreaterOrEqual", path, [scale, g.Floats($"{path}.pow2_{k}", [MathF.Pow(2, k)])])],
                OnnxAttributes.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Int64));
            level = level is null ? reached : g.Node("Add", path, [level, reached]);
        }
        for (int i = 0; i < levels; i++)
        {
            var inds = g.Node("Reshape", path, [g.Node("NonZero", path, [g.Node("Equal", path, [level!, g.Int64s($"{path}.level{i}", i)])]), g.Int64s($"{path}.flat", -1)]);
            var aligned = Align(g, path, features[i], g.Node("Gather", path, [rois, inds]), ImageZero(g, path, g.Node("Shape", path, [inds])), i);
            output = g.Node("ScatterND", path, [output, g.Node("Unsqueeze", path, [inds, g.Int64s($"{path}.axis1", 1)]), aligned]);
        }
        return output;

        // Every RoI is on image 0: batch indices of the given length.
        static string ImageZero(OnnxGraph graph, string p, string length) => graph.Node("Expand", p, [graph.Int64s($"{p}.zero_index", 0), length]);

        string Align(OnnxGraph graph, string p, string feature, string boxes, string batchIndices, int i) =>
            graph.Node("RoiAlign", $"{p}.level{i}", [feature, boxes, batchIndices],
                OnnxAttributes.String("mode", "avg"),
                OnnxAttributes.Int("output_height", size),
                OnnxAttributes.Int("output_width", size),
                OnnxAttributes.Int("sampling_ratio", layer.SamplingRatio),
                OnnxAttributes.Float("spatial_scale", 1.0 / extractor.FeatmapStrides[i]),
                OnnxAttributes.String("coordinate_transformation_mode", mode));
    }
}
