using Detect.Ops;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.PostProcessing;

/// <summary>
/// MMCV's <c>batched_nms</c>: NMS within each class (or level) id, survivors in decreasing score order, with their scores
/// (as given for hard NMS; lowered by <see cref="SoftNms"/> when the settings are <see cref="SoftNmsSettings"/>).
/// </summary>
/// <remarks>Which of the two equivalent computations runs is <see cref="NmsConfig.SplitThr"/>'s choice (see there).</remarks>
public static class BatchedNms
{
    /// <summary>Indices (int64) of the kept boxes and their scores after NMS, by decreasing score.</summary>
    /// <param name="boxes">N×4 xyxy boxes.</param>
    /// <param name="scores">N scores.</param>
    /// <param name="idxs">N class (or level) ids; boxes with different ids never suppress each other.</param>
    /// <param name="nms">The NMS settings.</param>
    public static (Tensor Keep, Tensor Scores) Apply(Tensor boxes, Tensor scores, Tensor idxs, NmsConfig nms)
    {
        if (boxes.shape[0] == 0) return (empty(0, dtype: ScalarType.Int64, device: boxes.device), scores[..0]);
        if (nms is SoftNmsSettings soft) return ApplySoft(boxes, scores, idxs, soft);
        var keep = Indices(boxes, scores, idxs, nms);
        return (keep, scores.index_select(0, keep));
    }

    static Tensor Indices(Tensor boxes, Tensor scores, Tensor idxs, NmsConfig nms)
    {
        if (nms.ClassAgnostic) return Nms.Apply(boxes, scores, nms.IouThreshold);
        if (boxes.shape[0] >= nms.SplitThr) return ByScoreFromIndexOrder(Nms.Batched(boxes, scores, idxs, nms.IouThreshold), scores);

        using var scope = NewDisposeScope();
        var keep = Nms.Apply(Separated(boxes, idxs), scores, nms.IouThreshold);
        return keep.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The class-by-class survivors ordered as MMCV's and torchvision's <c>batched_nms</c> order them: in index order (the
    /// <c>nonzero</c> of a keep mask), then by decreasing score with the default, unstable <c>sort</c>.
    /// </summary>
    /// <remarks>
    /// Equal scores therefore come in the sort algorithm's order, not index order. It decides which survivors a cap such as
    /// the RPN's <c>max_per_img</c> keeps when many scores tie (sigmoid objectness saturates to exactly 1 above a logit of
    /// about 17: a random full-size torchvision RPN had 2130 of its 2929 survivors at 1.0 for 1000 places). libtorch's CPU
    /// sort orders such ties as PyTorch's does (checked against torch 1.13), so the same survivors are kept; a stable sort
    /// keeps others.
    /// </remarks>
    static Tensor ByScoreFromIndexOrder(Tensor keep, Tensor scores)
    {
        using var scope = NewDisposeScope();
        var inIndexOrder = keep.sort().Values;
        var order = scores.index_select(0, inIndexOrder).sort(0, descending: true, stable: false).Indices;
        return inIndexOrder.index_select(0, order).MoveToOuterDisposeScope();
    }

    /// <summary>The coordinate trick: each id's boxes shifted beyond every other id's, so one class-agnostic NMS keeps them apart.</summary>
    static Tensor Separated(Tensor boxes, Tensor idxs)
    {
        var maxCoordinate = boxes.max();
        var offsets = idxs.to(boxes.dtype) * maxCoordinate.add(ones(1, dtype: boxes.dtype, device: boxes.device), Scalars.One);
        return boxes.add(offsets.unsqueeze(1), Scalars.One);
    }

    /// <summary>
    /// MMCV's <c>batched_nms</c> with <c>type='soft_nms'</c>: below <c>split_thr</c> one soft-NMS over the separated boxes
    /// (kept in soft-NMS order); from it on, one per id, the survivors then sorted by their lowered scores.
    /// </summary>
    static (Tensor Keep, Tensor Scores) ApplySoft(Tensor boxes, Tensor scores, Tensor idxs, SoftNmsSettings soft)
    {
        using var scope = NewDisposeScope();
        if (soft.ClassAgnostic || boxes.shape[0] < soft.SplitThr)
        {
            var (keep, lowered) = SoftNms.Apply(soft.ClassAgnostic ? boxes : Separated(boxes, idxs), scores, soft);
            return (keep.MoveToOuterDisposeScope(), lowered.to(scores.dtype).MoveToOuterDisposeScope());
        }
        var kept = new List<Tensor>();
        var keptScores = new List<Tensor>();
        foreach (var id in idxs.unique().output.to(ScalarType.Int64).data<long>().ToArray())
        {
            using var value = id.ToScalar();
            var mask = idxs.eq(value).nonzero().view(-1);
            var (keep, lowered) = SoftNms.Apply(boxes.index_select(0, mask), scores.index_select(0, mask), soft);
            kept.Add(mask.index_select(0, keep));
            keptScores.Add(lowered);
        }
        var all = cat(kept);
        var (sorted, order) = cat(keptScores).sort(descending: true, stable: true);
        return (all.index_select(0, order).MoveToOuterDisposeScope(), sorted.to(scores.dtype).MoveToOuterDisposeScope());
    }
}
