using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Runtime;

/// <summary>
/// How far two backends agree on one image's detections: the share of the reference detections that the other
/// reproduces with the same label, IoU ≥ <c>minIou</c> and a score within <c>scoreTolerance</c> (the issue's
/// acceptance rule: 0.999 and 1e-4). Boxes whose coordinates agree within <see cref="CoordinateTolerance"/> pixels count as
/// overlapping too: a box clipped to zero width or height at the image border (kept where <c>min_bbox_size</c> is negative,
/// as in torchvision's FCOS) has no defined IoU, not even with itself.
/// </summary>
public static class DetectionAgreement
{
    /// <summary>Largest coordinate difference, in pixels, at which two boxes count as the same whatever their IoU.</summary>
    public const double CoordinateTolerance = 1e-3;

    /// <summary>The matched share of <paramref name="reference"/>'s detections (1 when both are empty).</summary>
    public static double MatchedFraction(InstanceData reference, InstanceData other, double minIou = 0.999, double scoreTolerance = 1e-4)
    {
        long n = reference.Bboxes.shape[0];
        if (n == 0) return other.Bboxes.shape[0] == 0 ? 1.0 : 0.0;
        if (other.Bboxes.shape[0] == 0) return 0.0;
        using var scope = NewDisposeScope();
        var iou = Ops.BoxIou.Pairwise(reference.Bboxes, other.Bboxes);
        var sameLabel = reference.Labels.unsqueeze(1).eq(other.Labels.unsqueeze(0));
        using var tolerance = scoreTolerance.ToScalar();
        using var threshold = minIou.ToScalar();
        var closeScore = (reference.Scores!.unsqueeze(1) - other.Scores!.unsqueeze(0)).abs().le(tolerance);
        using var coordinates = CoordinateTolerance.ToScalar();
        var sameBox = (reference.Bboxes.unsqueeze(1) - other.Bboxes.unsqueeze(0)).abs().amax([2]).le(coordinates);
        var matched = iou.ge(threshold).logical_or(sameBox).logical_and(sameLabel).logical_and(closeScore).any(1);
        return matched.sum().item<long>() / (double)n;
    }
}
