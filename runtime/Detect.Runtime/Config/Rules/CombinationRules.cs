namespace Detect.Config;

// Rules over several values of one component (DET506): what the MMDetection/MMCV component asserts in its
// constructor about values that must fit together, so the compiler refuses what the runtime would.

/// <summary>
/// RandomCrop's <c>crop_size</c> read by <c>crop_type</c>, as MMDetection's RandomCrop asserts it: whole pixels
/// above 0 for 'absolute', (min, max) whole pixels with min ≤ max for 'absolute_range', ratios in (0, 1] for
/// 'relative' and 'relative_range'.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class CropSizeRuleAttribute : Attribute;

/// <summary>
/// RandomResize's <c>scale</c> read with <c>ratio_range</c>, as MMCV's RandomResize takes them: one (w, h) scale
/// (two values) with a (min, max) ratio range, or two bounding (w, h) scales (four values) without one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RandomScaleRuleAttribute : Attribute;

/// <summary>
/// Pad's target, as MMCV's Pad asserts it: with <c>pad_to_square</c> no <c>size</c>; otherwise exactly one of
/// <c>size</c> and <c>size_divisor</c> (an empty size and a zero divisor are unset).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class PadTargetRuleAttribute : Attribute;

/// <summary>
/// On a head: the losses in <see cref="Slots"/> are averaged by the head's <c>avg_factor</c>, so their
/// <c>reduction</c> must be 'mean' (MMDetection's <c>weight_reduce_loss</c> refuses 'sum' with an avg_factor, and
/// 'none' would hand the head per-element losses where it sums weighted scalars).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class AveragedLossRuleAttribute(params string[] slots) : Attribute
{
    /// <summary>Slot keys of the averaged losses, e.g. <c>loss_cls</c>.</summary>
    public string[] Slots { get; } = slots;
}

/// <summary>
/// On a dense head's train settings: the sampler picks among the head's anchors or points, so it cannot add the
/// ground-truth boxes as extra priors (<c>add_gt_as_proposals</c> must be false, as in every MMDetection RPN config:
/// the sampled indices would no longer address the head's priors).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class DenseSamplingRuleAttribute : Attribute;
