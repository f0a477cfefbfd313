using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Inference;

/// <summary>
/// Merges the predictions of an image's patches (MMDetection's <c>mmdet/utils/large_image.py</c>): each patch's boxes
/// are shifted by its top-left corner (<c>shift_predictions</c>), all are concatenated and class-aware NMS keeps the best
/// (<c>merge_results_by_nms</c>), in decreasing score. Instance masks (Mask R-CNN) are pasted into the whole image at
/// their patch's place (<c>shift_masks</c>), only for the detections the NMS keeps, so a large image does not hold a
/// full-size mask for every candidate.
/// </summary>
public static class SlicedPredictions
{
    /// <summary>The merged predictions (new tensors in the caller's dispose scope); the patches' own are not disposed.</summary>
    /// <param name="patches">Each patch's predictions, in patch pixels, with scores.</param>
    /// <param name="windows">Where each patch lies in the image.</param>
    /// <param name="iouThreshold">The merge's NMS IoU threshold.</param>
    /// <param name="imageSize">The whole image's (height, width): where masks are pasted; needed when the patches carry masks.</param>
    public static InstanceData Merge(IReadOnlyList<InstanceData> patches, IReadOnlyList<SliceWindows.Window> windows, double iouThreshold,
        (int Height, int Width)? imageSize = null)
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
        return new InstanceData(allBoxes[keep], labels[keep], scores[keep], PasteMasks(patches, windows, keep, imageSize));
    }

    // The kept detections' masks in the whole image: each is its patch's mask placed at the patch's corner.
    static Tensor? PasteMasks(IReadOnlyList<InstanceData> patches, IReadOnlyList<SliceWindows.Window> windows, Tensor keep, (int Height, int Width)? imageSize)
    {
        int withMasks = patches.Count(p => p.Masks is not null);
        if (withMasks == 0) return null;
        if (withMasks != patches.Count) throw new ArgumentException($"{withMasks} of {patches.Count} patch predictions carry masks; the patches of one image come from one model.");
        var (height, width) = imageSize ?? throw new ArgumentException("the patches carry masks: give the image size to paste them into.", nameof(imageSize));
        var kept = keep.data<long>().ToArray();
        var pasted = zeros([kept.Length, height, width], dtype: patches[0].Masks!.dtype, device: patches[0].Masks!.device);
        var starts = new long[patches.Count];
        for (int i = 1; i < patches.Count; i++) starts[i] = starts[i - 1] + patches[i - 1].Bboxes.shape[0];
        for (int k = 0; k < kept.Length; k++)
        {
            int patch = Array.FindLastIndex(starts, s => s <= kept[k]);
            var w = windows[patch];
            var mask = patches[patch].Masks![kept[k] - starts[patch]];
            long h = Math.Min(mask.shape[0], height - w.Y), wd = Math.Min(mask.shape[1], width - w.X);
            pasted[k, w.Y..(int)(w.Y + h), w.X..(int)(w.X + wd)] = mask[..(int)h, ..(int)wd];
        }
        return pasted;
    }
}
