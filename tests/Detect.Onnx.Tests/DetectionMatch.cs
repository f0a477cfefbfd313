using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>The share of reference detections that the other backend reproduces: same label, IoU ≥ 0.999, score within 1e-4.</summary>
internal static class DetectionMatch
{
    public static double Fraction(InstanceData reference, InstanceData other)
    {
        int n = (int)reference.Bboxes.shape[0];
        if (n == 0) return other.Bboxes.shape[0] == 0 ? 1.0 : 0.0;
        if (other.Bboxes.shape[0] == 0) return 0.0;
        using var scope = NewDisposeScope();
        var iou = Detect.Ops.BoxIou.Pairwise(reference.Bboxes, other.Bboxes);
        var sameLabel = reference.Labels.unsqueeze(1).eq(other.Labels.unsqueeze(0));
        var closeScore = (reference.Scores!.unsqueeze(1) - other.Scores!.unsqueeze(0)).abs().le(1e-4);
        var matched = iou.ge(0.999).logical_and(sameLabel).logical_and(closeScore).any(1);
        return matched.sum().item<long>() / (double)n;
    }
}
