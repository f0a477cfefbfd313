namespace Detect.Models.DenseHeads;

/// <summary>What an anchor head's losses are averaged over (<see cref="DenseTrainConfig.LossNormalization"/>).</summary>
public enum LossNormalization
{
    /// <summary>
    /// MMDetection's <c>avg_factor</c>: every level's loss summed over the batch and divided by the batch's sampled anchors
    /// (its positives with a pseudo sampler).
    /// </summary>
    AvgFactor,

    /// <summary>
    /// torchvision's RetinaNet: each image's loss divided by max(1, its positives), then averaged over the images.
    /// </summary>
    PerImagePositives,
}
