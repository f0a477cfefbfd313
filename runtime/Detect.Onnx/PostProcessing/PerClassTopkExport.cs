using Detect.Models.DenseHeads;
using Detect.Onnx.Graph;

namespace Detect.Onnx.PostProcessing;

/// <summary>
/// torchvision SSD's candidate selection (<c>test_cfg</c> <c>nms_pre_per_class=True</c>, <see cref="DenseTestConfig.NmsPrePerClass"/>)
/// as ONNX nodes: for every class, in increasing order, its <c>nms_pre</c> best scores above <c>score_thr</c> over the
/// priors of all levels, best first — what <see cref="DenseHead"/> selects before NMS (torchvision's
/// <c>SSD.postprocess_detections</c>: per class <c>score &gt; score_thresh</c>, then <c>topk(min(400, n))</c>).
/// </summary>
/// <remarks>
/// One <c>TopK</c> over the classes×priors score matrix takes every class's <c>min(nms_pre, priors)</c> best at once;
/// the threshold is applied after it. Both orders keep the same set: a threshold keeps a prefix of a class's scores
/// sorted best first, so the <c>k</c> best above it are the ones of the <c>k</c> best overall that pass, also where fewer
/// than <c>k</c> pass. <c>NonZero</c> over the C×k mask then lists the candidates class by class, best first, which is
/// <see cref="DenseHead"/>'s order. Equal scores within a class come by prior index (ONNX <c>TopK</c>'s tie rule); in
/// TorchSharp they come in the order the per-level score sort leaves them, which libtorch does not pin down.
/// </remarks>
public static class PerClassTopkExport
{
    /// <summary>The candidates' prior rows, scores and int64 labels, class by class, and the most there can be.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="path">Name prefix of the nodes.</param>
    /// <param name="scores">n×C class scores of every prior (all levels, in prior order).</param>
    /// <param name="priorCount">n where the shape is fixed; null where it is known when the graph runs only.</param>
    /// <param name="numClasses">C.</param>
    /// <param name="nmsPre">The candidates kept per class (positive).</param>
    /// <param name="scoreThr">Scores must be greater than this.</param>
    public static (string Rows, string Scores, string Labels, long MaxCandidates) Emit(OnnxGraph g, string path, string scores, long? priorCount,
        int numClasses, int nmsPre, double scoreThr)
    {
        var byClass = g.Node("Transpose", path, [scores], OnnxAttributes.Ints("perm", 1, 0));
        // k = min(nms_pre, n): a constant for a fixed shape, else computed from the scores' shape.
        var k = priorCount is { } n ? g.Int64s($"{path}.k", Math.Min(nmsPre, n))
            : g.Node("Min", path, [g.Node("Slice", path, [g.Node("Shape", path, [scores]), g.Int64s($"{path}.zero", 0), g.Int64s($"{path}.one", 1),
                g.Int64s($"{path}.axis0", 0)]), g.Int64s($"{path}.nms_pre", nmsPre)]);
        var top = g.Nodes("TopK", path, 2, [byClass, k], OnnxAttributes.Int("axis", -1));
        var flatScores = g.Node("Reshape", path, [top[0], g.Int64s($"{path}.flat", -1)]);
        var flatRows = g.Node("Reshape", path, [top[1], g.Int64s($"{path}.flat", -1)]);
        var kept = g.Node("Reshape", path, [g.Node("NonZero", path, [g.Node("Greater", path, [flatScores, g.Floats($"{path}.score_thr", [(float)scoreThr])])]),
            g.Int64s($"{path}.flat", -1)]);
        long maxCandidates = priorCount is { } rows ? numClasses * Math.Min(nmsPre, rows) : long.MaxValue;
        return (g.Node("Gather", path, [flatRows, kept]), g.Node("Gather", path, [flatScores, kept]), g.Node("Div", path, [kept, k]), maxCandidates);
    }
}
