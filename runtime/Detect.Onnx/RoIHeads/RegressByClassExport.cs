using Detect.Models.RoIHeads;
using Detect.Onnx.Graph;
using Detect.Onnx.PostProcessing;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// <see cref="BBoxHead.RegressByClass"/> as a cascade stage refines its RoIs for the next (MMDetection's <c>_refine_roi</c>
/// at test time): each RoI's deltas for its predicted class — <c>ArgMax</c> of the class logits without the background
/// column, first index on ties as libtorch's <c>argmax</c> — or the one set of a class-agnostic head, decoded with this
/// stage's coder (its own <c>target_stds</c>) and clipped to the image.
/// </summary>
public static class RegressByClassExport
{
    /// <summary>The refined r×4 boxes.</summary>
    /// <param name="g">The graph.</param>
    /// <param name="head">The stage's box head.</param>
    /// <param name="root">Name prefix of the nodes (one per stage: the coder's constants differ).</param>
    /// <param name="rois">The RoIs the stage saw (r×4).</param>
    /// <param name="clsScore">The stage's class logits (r×(K+1)).</param>
    /// <param name="bboxPred">The stage's deltas (r×4, or r×4K when class-specific).</param>
    /// <param name="clipMax">(width, height, width, height) of the image.</param>
    public static string Emit(OnnxGraph g, BBoxHead head, string root, string rois, string clsScore, string bboxPred, string clipMax)
    {
        int encode = head.BboxCoder.EncodeSize;
        var deltas = bboxPred;
        if (!head.RegClassAgnostic)
        {
            var foreground = g.Node("Slice", root, [clsScore, g.Int64s($"{root}.start", 0), g.Int64s($"{root}.end", head.NumClasses), g.Int64s($"{root}.axis1", 1)]);
            var label = g.Node("ArgMax", root, [foreground], OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("keepdims", 1));
            // Columns label·4 … label·4 + 3 of each row.
            var columns = g.Node("Add", root, [g.Node("Mul", root, [label, g.Int64s($"{root}.encode", encode)]),
                g.Int64s($"{root}.offsets", [.. Enumerable.Range(0, encode).Select(i => (long)i)])]);
            deltas = g.Node("GatherElements", root, [bboxPred, columns], OnnxAttributes.Int("axis", 1));
        }
        return BBoxCoderExport.Decode(g, head.BboxCoder, $"{root}.decode", rois, deltas, clipMax);
    }
}
