using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Inference;

/// <summary>
/// Merges the predictions of an image's patches (MMDetection's <c>mmdet/utils/large_image.py</c>): each patch's boxes
/// are shifted by its top-left corner (<c>shift_predictions</c>), all are concatenated and class-aware NMS keeps the best
/// (<c>merge_results_by_nms</c>), in decreasing score. Masks are not merged: the result has boxes, labels and scores.
/// </summary>
public static class SlicedPredictions
{
    /// <summary>The merged predictions (new tensors in the caller's dispose scope); the patches' own are not disposed.</summary>
    /// <param name="patches">Each patch's predictions, in patch pixels, with scores.</param>
    /// <param name="windows">Where each patch lies in the image.</param>
    /// <param name="iouThreshold">The merge's NMS IoU threshold.</param>
    public static InstanceData Merge(IReadOnlyList<InstanceData> patches, IReadOnlyList<SliceWindows.Window> windows, double iouThreshold)
    {
        if (patches.Count != windows.Count) throw new ArgumentException($"{patches.Count} patch predictions for {windows.Count} windows.");
        if (patches.Count == 0) return InstanceData.Empty(withScores: true);
        var boxes = new List<Tensor>(patches.Count);
        for (int i = 0; i < patches.Count; i++)
        {
            var w = windows[i];
            using var offset = tensor(new float[] { w.X, w.Y, w.X, w.Y }, device: patches[i].Bboxes.device);
            boxes.Add(patches[i].Bboxes.add(offset, Detect.Platform.Scalars.One));   // alpha as a kept Scalar: no temporary one
        }
        var allBoxes = cat(boxes, 0);
        var scores = cat(patches.Select(p => p.Scores ?? throw new ArgumentException("patch predictions need scores to be merged.")).ToList(), 0);
        var labels = cat(patches.Select(p => p.Labels).ToList(), 0);
        var keep = Ops.Nms.Batched(allBoxes, scores, labels, iouThreshold);
        return new InstanceData(allBoxes[keep], labels[keep], scores[keep]);
    }
}
