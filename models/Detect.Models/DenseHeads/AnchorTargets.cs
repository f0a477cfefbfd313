using static TorchSharp.torch;

namespace Detect.Models.DenseHeads;

/// <summary>
/// The training targets of an anchor head for a batch, per pyramid level (MMDetection's <c>get_targets</c> after
/// <c>images_to_levels</c>): each tensor is N × (anchors of the level) [× 4].
/// </summary>
/// <param name="Labels">Class of each anchor, <c>num_classes</c> for background.</param>
/// <param name="LabelWeights">Classification weight of each anchor (0: not sampled or ignored).</param>
/// <param name="BboxTargets">Regression targets (encoded, or absolute boxes with <c>reg_decoded_bbox</c>).</param>
/// <param name="BboxWeights">Regression weights (1 for positives).</param>
/// <param name="AvgFactor">What the losses average over: the batch's sampled anchors (positives only with a pseudo sampler); null when
/// the weights already hold the normalisation (<see cref="LossNormalization.PerImagePositives"/>) and the losses are sums.</param>
public sealed record AnchorTargets(Tensor[] Labels, Tensor[] LabelWeights, Tensor[] BboxTargets, Tensor[] BboxWeights, double? AvgFactor);
