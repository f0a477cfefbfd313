using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.PostProcessing;

/// <summary>
/// MMDetection's <c>multiclass_nms</c>: per-class NMS of a second stage's class-specific (or shared) boxes.
/// </summary>
public static class MultiClassNms
{
    /// <summary>
    /// Every (box, class) pair scoring above <paramref name="scoreThr"/>, suppressed within its class, at most
    /// <paramref name="maxNum"/> of them (all when not positive), by decreasing score (after soft-NMS, its lowered scores).
    /// </summary>
    /// <param name="multiBboxes">n×4 boxes shared by all classes, or n×4K class-specific boxes.</param>
    /// <param name="multiScores">n×(K+1) scores, the background class last.</param>
    /// <param name="scoreThr">Pairs scoring at most this are dropped.</param>
    /// <param name="nms">The NMS settings.</param>
    /// <param name="maxNum">Detections kept.</param>
    /// <param name="minBboxSize">When not negative, boxes whose width or height is not above it are dropped before NMS (torchvision's <c>remove_small_boxes</c>; MMDetection has no such step).</param>
    public static (Tensor Bboxes, Tensor Scores, Tensor Labels) Apply(Tensor multiBboxes, Tensor multiScores, double scoreThr,
        NmsConfig nms, int maxNum = -1, double minBboxSize = -1)
    {
        using var scope = NewDisposeScope();
        long n = multiScores.shape[0], numClasses = multiScores.shape[1] - 1;
        var bboxes = multiBboxes.shape[1] > 4
            ? multiBboxes.view(n, -1, 4)
            : multiBboxes.unsqueeze(1).expand(n, numClasses, 4);
        var scores = multiScores[.., ..(int)numClasses];
        var labels = Ranges.Arange(numClasses, ScalarType.Int64, scores.device).view(1, -1).expand_as(scores);
        bboxes = bboxes.reshape(-1, 4);
        scores = scores.reshape(-1);
        labels = labels.reshape(-1);

        using var scoreThreshold = scoreThr.ToScalar();
        using var minSize = minBboxSize.ToScalar();
        var valid = scores.gt(scoreThreshold);
        if (minBboxSize >= 0)
            valid = valid.logical_and((bboxes[.., 2] - bboxes[.., 0]).gt(minSize))
                         .logical_and((bboxes[.., 3] - bboxes[.., 1]).gt(minSize));
        var inds = valid.nonzero().squeeze(1);
        bboxes = bboxes.index_select(0, inds);
        scores = scores.index_select(0, inds);
        labels = labels.index_select(0, inds);

        var (keep, kept) = BatchedNms.Apply(bboxes, scores, labels, nms);
        if (maxNum > 0 && keep.shape[0] > maxNum) (keep, kept) = (keep[..maxNum], kept[..maxNum]);
        return (bboxes.index_select(0, keep).MoveToOuterDisposeScope(),
                kept.MoveToOuterDisposeScope(),
                labels.index_select(0, keep).MoveToOuterDisposeScope());
    }
}
