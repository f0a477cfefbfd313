using Detect.Models.TaskModules.PriorGenerators;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.PostProcessing;

/// <summary>
/// A dense head's priors (anchors or points) per level in an exported graph: for a fixed input shape the prior generator's
/// own grid written as initializers; for <c>--dynamic-shape</c> the same grid computed in the graph from each level's
/// feature-map shape, so one graph serves every input size.
/// </summary>
/// <remarks>
/// Every grid Detect's generators make is a per-cell shift added to the priors of cell (0, 0): row <c>(y·W + x)·A + a</c> is
/// <c>base[a] + (x·sw, y·sh, x·sw, y·sh)</c> for anchors and <c>base + (x·sw, y·sh)</c> for points (MMDetection's
/// <c>base_anchors[None] + shifts[:, None]</c>, torchvision's <c>shifts.view(-1, 1, 4) + base_anchors.view(1, -1, 4)</c>).
/// The strides are the nominal ones, or — for generators that measure them on the batch as torchvision does
/// (<see cref="IPriorGenerator.ForBatch"/>, <see cref="BatchStrides"/>) — the padded batch's size over the level's size, in
/// integer division, taken from the input's shape when the graph runs. The export checks that identity against the
/// generator's own grids at two input sizes and refuses a generator it does not hold for, naming it.
/// </remarks>
public static class PriorGridExport
{
    /// <summary>The priors of every level, (rows × columns) float32 values of the graph.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="generator">The head's prior generator.</param>
    /// <param name="root">Name prefix of the nodes.</param>
    /// <param name="levelOutputs">A raw head output per level whose last two dimensions are the level's height and width (used for their shape only).</param>
    /// <param name="input">The graph's input batch (N×3×H×W; used for its shape only).</param>
    /// <param name="fixedShape">The exported input's shape and every level's feature size for a fixed-shape graph; null for a dynamic one.</param>
    /// <exception cref="OnnxExportException">A dynamic-shape export of a generator whose grid is not a shifted base grid.</exception>
    public static IReadOnlyList<string> Emit(OnnxGraph g, IPriorGenerator generator, string root, IReadOnlyList<string> levelOutputs, string input,
        ((int Height, int Width) Batch, IReadOnlyList<(int Height, int Width)> Featmaps)? fixedShape)
    {
        int levels = generator.NumLevels;
        var names = new string[levels];
        using var scope = NewDisposeScope();
        if (fixedShape is var (batch, featmaps))
        {
            var grid = generator.ForBatch(batch, featmaps).GridPriors(featmaps, ScalarType.Float32, CPU);
            for (int i = 0; i < levels; i++) names[i] = g.Initializer($"{root}.priors.{i}", grid[i]);
            return names;
        }

        bool fromBatch = MeasuresOnBatch(generator);
        var bases = BaseGrids(generator, fromBatch);
        var inputShape = g.Node("Shape", root, [input]);
        var batchSize = g.Node("Slice", root, [inputShape, g.Int64s($"{root}.hw_start", 2), g.Int64s($"{root}.hw_end", 4), g.Int64s($"{root}.axis0", 0)]);
        for (int level = 0; level < levels; level++)
        {
            var path = $"{root}.priors.{level}";
            var size = g.Node("Slice", path, [g.Node("Shape", path, [levelOutputs[level]]), g.Int64s($"{path}.hw_start", -2), g.Int64s($"{path}.hw_end", long.MaxValue),
                g.Int64s($"{path}.axis0", 0)]);
            var stride = fromBatch ? g.Node("Cast", path, [g.Node("Div", path, [batchSize, size])], OnnxAttributes.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Float))
                : g.Floats($"{path}.stride", [generator.Strides[level].H, generator.Strides[level].W], 2);
            names[level] = Shifted(g, path, size, stride, g.Initializer($"{path}.base", bases[level]), (int)bases[level].shape[1]);
        }
        return names;
    }

    /// <summary>Whether the generator measures its strides on the batch (<see cref="IPriorGenerator.ForBatch"/> gives another generator for a batch whose strides are not the nominal ones).</summary>
    static bool MeasuresOnBatch(IPriorGenerator generator)
    {
        var probe = Enumerable.Repeat((1, 1), generator.NumLevels).ToArray();
        return !ReferenceEquals(generator.ForBatch((997, 1009), probe), generator);
    }

    /// <summary>
    /// The priors of cell (0, 0) per level (A × columns), after checking that the generator's grid is those shifted by the
    /// strides at two input sizes.
    /// </summary>
    static Tensor[] BaseGrids(IPriorGenerator generator, bool fromBatch)
    {
        int levels = generator.NumLevels;
        var one = Enumerable.Repeat((1, 1), levels).ToArray();
        var bases = generator.ForBatch((1, 1), one).GridPriors(one, ScalarType.Float32, CPU);
        foreach (var (height, width) in new[] { (96, 160), (203, 317) })
        {
            var featmaps = generator.Strides.Select(s => ((height + s.H - 1) / s.H, (width + s.W - 1) / s.W)).ToArray();
            var expected = generator.ForBatch((height, width), featmaps).GridPriors(featmaps, ScalarType.Float32, CPU);
            for (int level = 0; level < levels; level++)
            {
                var (h, w) = featmaps[level];
                var stride = fromBatch ? new Stride(width / w, height / h) : generator.Strides[level];
                using var shifted = ShiftedReference(bases[level], h, w, stride);
                if (!shifted.shape.SequenceEqual(expected[level].shape) || !shifted.allclose(expected[level], rtol: 0, atol: 1e-3))
                    throw new OnnxExportException($"{generator.GetType().Name}: its priors at level {level} are not a grid of its cell-(0, 0) priors shifted by the " +
                        "strides, so they cannot be computed in a --dynamic-shape graph; export for a fixed input shape (drop --dynamic-shape).");
            }
        }
        return bases;
    }

    // What the graph computes, in TorchSharp, to check the identity at export time.
    static Tensor ShiftedReference(Tensor baseGrid, int h, int w, Stride stride)
    {
        using var strideW = stride.W.ToScalar();
        using var strideH = stride.H.ToScalar();
        var x = arange(w, ScalarType.Float32).mul_(strideW).repeat(h);
        var y = arange(h, ScalarType.Float32).mul_(strideH).repeat_interleave(w);
        var shifts = baseGrid.shape[1] == 4 ? stack([x, y, x, y], 1) : stack([x, y], 1);
        return shifts.unsqueeze(1).add(baseGrid.unsqueeze(0), Detect.Platform.Scalars.One).reshape(-1, baseGrid.shape[1]);
    }


    // base[None] + (x·sw, y·sh[, x·sw, y·sh])[:, None], flattened row-major over the level's (y, x) cells.
    static string Shifted(OnnxGraph g, string path, string size, string stride, string baseGrid, int columns)
    {
        var float32 = OnnxAttributes.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Float);
        var hw = g.Nodes("Split", path, 2, [size, g.Int64s($"{path}.split", 1, 1)], OnnxAttributes.Int("axis", 0));
        var strides = g.Nodes("Split", path, 2, [stride, g.Int64s($"{path}.split", 1, 1)], OnnxAttributes.Int("axis", 0));
        string Axis(string length, string step) =>
            g.Node("Mul", path, [g.Node("Cast", path, [g.Node("Range", path, [g.Int64Scalar($"{path}.zero", 0), g.Node("Squeeze", path, [length]), g.Int64Scalar($"{path}.one", 1)])], float32), step]);
        var ys = Axis(hw[0], strides[0]);
        var xs = Axis(hw[1], strides[1]);
        var cells = g.Node("Concat", path, [hw[0], hw[1]], OnnxAttributes.Int("axis", 0));
        var x = g.Node("Reshape", path, [g.Node("Expand", path, [g.Node("Unsqueeze", path, [xs, g.Int64s($"{path}.axis0", 0)]), cells]), g.Int64s($"{path}.column", -1, 1)]);
        var y = g.Node("Reshape", path, [g.Node("Expand", path, [g.Node("Unsqueeze", path, [ys, g.Int64s($"{path}.axis1", 1)]), cells]), g.Int64s($"{path}.column", -1, 1)]);
        string[] parts = columns == 4 ? [x, y, x, y] : [x, y];
        var shifts = g.Node("Concat", path, parts, OnnxAttributes.Int("axis", 1));
        var grid = g.Node("Add", path, [g.Node("Unsqueeze", path, [shifts, g.Int64s($"{path}.axis1", 1)]), g.Node("Unsqueeze", path, [baseGrid, g.Int64s($"{path}.axis0", 0)])]);
        return g.Node("Reshape", path, [grid, g.Int64s($"{path}.rows", -1, columns)]);
    }
}
