using Detect.Onnx.Runtime;
using Detect.Structures;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>How close the scores of matched detections are: the figure behind <see cref="DetectionAgreement"/>'s score tolerance.</summary>
internal static class ScoreAgreement
{
    /// <summary>
    /// Over <paramref name="reference"/>'s detections that <paramref name="other"/> reproduces (same label, IoU ≥ 0.999 or
    /// coordinates within <see cref="DetectionAgreement.CoordinateTolerance"/>), the largest score difference to the closest
    /// such partner; 0 when none is reproduced.
    /// </summary>
    public static double MaxScoreDifference(InstanceData reference, InstanceData other)
    {
        if (reference.Count == 0 || other.Count == 0) return 0;
        using var scope = NewDisposeScope();
        var iou = Ops.BoxIou.Pairwise(reference.Bboxes, other.Bboxes);
        var sameLabel = reference.Labels.unsqueeze(1).eq(other.Labels.unsqueeze(0));
        using var coordinates = DetectionAgreement.CoordinateTolerance.ToScalar();
        using var minIou = 0.999.ToScalar();
        using var infinity = double.PositiveInfinity.ToScalar();
        var sameBox = (reference.Bboxes.unsqueeze(1) - other.Bboxes.unsqueeze(0)).abs().amax([2]).le(coordinates);
        var partner = iou.ge(minIou).logical_or(sameBox).logical_and(sameLabel);
        var diff = (reference.Scores!.unsqueeze(1) - other.Scores!.unsqueeze(0)).abs().masked_fill(partner.logical_not(), infinity).amin([1]);
        var reproduced = partner.any(1);
        return reproduced.any().item<bool>() ? diff[reproduced].max().item<float>() : 0;
    }
}
