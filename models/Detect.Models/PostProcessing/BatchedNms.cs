using Detect.Ops;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.PostProcessing;

/// <summary>
/// MMCV's <c>batched_nms</c>: NMS within each class (or level) id, survivors in decreasing score order.
/// </summary>
/// <remarks>Which of the two equivalent computations runs is <see cref="NmsConfig.SplitThr"/>'s choice (see there).</remarks>
public static class BatchedNms
{
    /// <summary>Indices (int64) of the kept boxes, by decreasing score.</summary>
    /// <param name="boxes">N×4 xyxy boxes.</param>
    /// <param name="scores">N scores.</param>
    /// <param name="idxs">N class (or level) ids; boxes with different ids never suppress each other.</param>
    /// <param name="nms">The NMS settings.</param>
    public static Tensor Apply(Tensor boxes, Tensor scores, Tensor idxs, NmsConfig nms)
    {
        if (boxes.shape[0] == 0) return empty(0, dtype: ScalarType.Int64, device: boxes.device);
        if (nms.ClassAgnostic) return Nms.Apply(boxes, scores, nms.IouThreshold);
        if (boxes.shape[0] >= nms.SplitThr) return Nms.Batched(boxes, scores, idxs, nms.IouThreshold);

        using var scope = NewDisposeScope();
        // The coordinate trick: shift each id's boxes beyond every other id's, then one class-agnostic NMS.
        var maxCoordinate = boxes.max();
        var offsets = idxs.to(boxes.dtype) * maxCoordinate.add(ones(1, dtype: boxes.dtype, device: boxes.device), Scalars.One);
        var keep = Nms.Apply(boxes.add(offsets.unsqueeze(1), Scalars.One), scores, nms.IouThreshold);
        return keep.MoveToOuterDisposeScope();
    }
}
