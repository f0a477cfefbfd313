using Detect.Models.PostProcessing;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;

namespace Detect.Onnx.PostProcessing;

/// <summary>
/// MMCV's <c>batched_nms</c> (<see cref="BatchedNms"/>) with ONNX's <c>NonMaxSuppression</c>: the indices of the kept
/// boxes by decreasing score. Hard NMS only.
/// </summary>
/// <remarks>
/// <see cref="BatchedNms"/> separates classes by the coordinate trick below <c>split_thr</c> boxes and runs class by
/// class from it on. The graph writes the trick alone where it can never hand NMS <c>split_thr</c> boxes (the
/// <c>maxCandidates</c> of <see cref="Emit"/>), the class-by-class form alone where <c>split_thr</c> is 1, and otherwise
/// both under an <c>If</c> on the run-time count: the two agree in exact arithmetic, but the shifted coordinates round
/// differently, so the graph takes the branch TorchSharp takes. Class by class, equal scores keep the order NMS gives them
/// (<c>TopK</c> breaks ties by position); <see cref="BatchedNms"/> orders them by libtorch's unstable sort, as MMCV and
/// torchvision do, so tied scores there may come in another order.
/// </remarks>
public static class BatchedNmsExport
{
    /// <summary>The int64 indices of the boxes NMS keeps, by decreasing score.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="nms">The head's <c>nms</c> settings.</param>
    /// <param name="path">Name prefix of the nodes.</param>
    /// <param name="boxes">n×4 xyxy boxes.</param>
    /// <param name="scores">n scores.</param>
    /// <param name="labels">n int64 labels.</param>
    /// <param name="numClasses">Labels are in [0, numClasses).</param>
    /// <param name="maxCandidates">The most boxes the graph can hand NMS.</param>
    /// <exception cref="OnnxExportException">Soft-NMS (no ONNX form).</exception>
    public static string Emit(OnnxGraph g, NmsConfig nms, string path, string boxes, string scores, string labels, int numClasses, long maxCandidates)
    {
        if (nms is SoftNmsSettings)
            throw new OnnxExportException($"{path}: {nms} is soft-NMS, which has no ONNX form (NonMaxSuppression is hard NMS); export the raw outputs instead.");
        var iou = g.Floats($"{path}.iou_threshold", [(float)nms.IouThreshold]);
        var all = g.Int64s($"{path}.max_output", long.MaxValue / 4);
        var batchBoxes = g.Node("Unsqueeze", path, [boxes, g.Int64s($"{path}.axis0", 0)]);
        string OneNms()
        {
            var separated = nms.ClassAgnostic ? batchBoxes : g.Node("Unsqueeze", path, [Separated(g, path, boxes, labels), g.Int64s($"{path}.axis0", 0)]);
            var selected = g.Node("NonMaxSuppression", path, [separated, g.Node("Unsqueeze", path, [scores, g.Int64s($"{path}.axes01", 0, 1)]), all, iou]);
            return Column2(g, path, selected);
        }
        if (nms.ClassAgnostic || maxCandidates < nms.SplitThr) return OneNms();
        if (nms.SplitThr <= 1) return ClassByClass(g, path, batchBoxes, scores, labels, numClasses, all, iou);
        // The candidate count is known at run time only: BatchedNms's own choice, made there (If).
        var few = g.Node("Less", path, [g.Node("Shape", path, [scores]), g.Int64s($"{path}.split_thr", nms.SplitThr)]);
        few = g.Node("Squeeze", path, [few, g.Int64s($"{path}.axis0", 0)]);
        return g.If(path, few, OneNms, () => ClassByClass(g, path, batchBoxes, scores, labels, numClasses, all, iou), global::Onnx.TensorProto.Types.DataType.Int64, 1);
    }

    // Class by class: a K×n score matrix with −1 off each box's own class, which the score threshold drops.
    static string ClassByClass(OnnxGraph g, string path, string batchBoxes, string scores, string labels, int numClasses, string all, string iou)
    {
        var classes = g.Initializer($"{path}.classes", TorchSharp.torch.arange(numClasses, dtype: TorchSharp.torch.ScalarType.Int64).reshape(numClasses, 1));
        var own = g.Node("Equal", path, [g.Node("Unsqueeze", path, [labels, g.Int64s($"{path}.axis0", 0)]), classes]);
        var matrix = g.Node("Where", path, [own, g.Node("Unsqueeze", path, [scores, g.Int64s($"{path}.axis0", 0)]), g.Floats($"{path}.off_class", [-1f])]);
        var perClass = g.Node("NonMaxSuppression", path, [batchBoxes, g.Node("Unsqueeze", path, [matrix, g.Int64s($"{path}.axis0", 0)]), all, iou,
            g.Floats($"{path}.score_threshold", [-0.5f])]);
        var keep = Column2(g, path, perClass);
        var keptScores = g.Node("Gather", path, [scores, keep]);
        var order = g.Nodes("TopK", path, 2, [keptScores, g.Node("Shape", path, [keep])], OnnxAttributes.Int("axis", 0))[1];
        return g.Node("Gather", path, [keep, order]);
    }

    // NonMaxSuppression's selected (batch, class, box) triples → the box indices.
    static string Column2(OnnxGraph g, string path, string selected) =>
        g.Node("Reshape", path, [g.Node("Gather", path, [selected, g.Int64s($"{path}.box_column", 2)], OnnxAttributes.Int("axis", 1)), g.Int64s($"{path}.flat", -1)]);

    // BatchedNms's coordinate trick: boxes + label · (max coordinate + 1).
    static string Separated(OnnxGraph g, string path, string boxes, string labels)
    {
        // A floor value keeps ReduceMax defined on an empty set (nothing is separated then).
        var flat = g.Node("Concat", path, [g.Node("Reshape", path, [boxes, g.Int64s($"{path}.flat", -1)]), g.Floats($"{path}.floor", [-3e38f], 1)],
            OnnxAttributes.Int("axis", 0));
        var max = g.Node("ReduceMax", path, [flat], OnnxAttributes.Int("keepdims", 1));
        var offsets = g.Node("Mul", path, [g.Node("Cast", path, [labels], OnnxAttributes.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Float)),
            g.Node("Add", path, [max, g.Floats($"{path}.one", [1f])])]);
        return g.Node("Add", path, [boxes, g.Node("Unsqueeze", path, [offsets, g.Int64s($"{path}.axis1", 1)])]);
    }
}
