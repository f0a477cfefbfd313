using Detect.Ops;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's <c>mask_target</c>: each positive proposal's ground-truth mask cropped to the proposal and resized
/// to <c>mask_size</c> × <c>mask_size</c> (BitmapMasks' <c>crop_and_resize</c>: RoIAlign with aligned=True and adaptive
/// sampling, then binarized at 0.5).
/// </summary>
public static class MaskTargets
{
    /// <summary>The M×S×S float (0/1) targets of one image.</summary>
    /// <param name="posProposals">M×4 positive proposals (image pixels).</param>
    /// <param name="posAssignedGtInds">M indices of their ground truths.</param>
    /// <param name="gtMasks">K×H×W ground-truth masks (bool or uint8), possibly padded to the batch.</param>
    /// <param name="maskSize">S.</param>
    public static Tensor Compute(Tensor posProposals, Tensor posAssignedGtInds, Tensor gtMasks, int maskSize)
    {
        long m = posProposals.shape[0];
        if (m == 0) return zeros(0, maskSize, maskSize, device: posProposals.device);
        using var scope = NewDisposeScope();
        long h = gtMasks.shape[1], w = gtMasks.shape[2];
        var bounds = tensor(new[] { (float)w, h, w, h }, device: posProposals.device);
        var proposals = minimum(posProposals.to(ScalarType.Float32).clamp_min(Scalars.Zero), bounds);
        // Every RoI reads only its own ground truth's mask: the masks are the "batch", the gt index the RoI's image.
        var rois = cat([posAssignedGtInds.to(ScalarType.Float32).unsqueeze(1), proposals], 1);
        var masks = gtMasks.to(ScalarType.Float32).unsqueeze(1);
        var targets = RoIAlign.Apply(masks, rois, maskSize, maskSize, 1.0, 0, aligned: true).squeeze(1);
        return targets.ge(Scalars.Half).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
