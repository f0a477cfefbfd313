using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using Detect.Onnx.Graph;
using Detect.Onnx.PostProcessing;

namespace Detect.Onnx.RoIHeads;

/// <summary>
/// The mask branch at test time up to the paste: every mask head (one, or a cascade's one per stage) on the same RoI
/// features of the detections, each one's sigmoid (as libtorch computes it, <see cref="DensePostProcessExport.Sigmoid"/>)
/// of each detection's own class map (the only one when class-agnostic), then their mean (MMDetection's
/// <c>merge_aug_masks</c>: summed in stage order, divided by the count, as <see cref="CascadeRoIHead"/> does). n×1×S×S;
/// pasting into the image is the runtime's (<see cref="FCNMaskHead.PredictByFeatSingle"/>), as for TorchSharp's own masks.
/// </summary>
public static class MaskProbabilitiesExport
{
    /// <summary>The merged own-class probabilities of the detections (n×1×S×S).</summary>
    /// <param name="context">The export in progress (the mask heads are written through it).</param>
    /// <param name="heads">The mask heads and their module paths.</param>
    /// <param name="root">Name prefix of the post-processing nodes.</param>
    /// <param name="features">The detections' mask RoI features.</param>
    /// <param name="labels">The detections' labels (n, int64).</param>
    /// <param name="size">The maps' side S.</param>
    public static string Emit(ExportContext context, IReadOnlyList<(FCNMaskHead Head, string Path)> heads, string root, string features, string labels, int size)
    {
        var g = context.Graph;
        string? sum = null;
        foreach (var (head, path) in heads)
        {
            var probs = OwnClass(g, head, root, DensePostProcessExport.Sigmoid(g, root, context.EmitSingle(head, path, features)), labels, size);
            sum = sum is null ? probs : g.Node("Add", root, [sum, probs]);
        }
        return heads.Count == 1 ? sum! : g.Node("Div", root, [sum!, g.Floats($"{root}.stages", [heads.Count])]);
    }

    // Each detection's own class map (GatherElements by label), or the only map of a class-agnostic head.
    static string OwnClass(OnnxGraph g, FCNMaskHead head, string root, string probs, string labels, int size)
    {
        if (head.ClassAgnostic)
            return g.Node("Slice", root, [probs, g.Int64s($"{root}.start", 0), g.Int64s($"{root}.end", 1), g.Int64s($"{root}.axis1", 1)]);
        var index = g.Node("Expand", root, [g.Node("Reshape", root, [labels, g.Int64s($"{root}.label_shape", -1, 1, 1, 1)]), g.Int64s($"{root}.map_shape", 1, 1, size, size)]);
        return g.Node("GatherElements", root, [probs, index], OnnxAttributes.Int("axis", 1));
    }
}
