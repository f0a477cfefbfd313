using Detect.Models.TaskModules.Assigners;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.TaskModules.Samplers;

namespace Detect.Config;

/// <summary>
/// What anchor generators share (MMDetection's AnchorGenerator arguments): base sizes from the strides
/// (or <see cref="BaseSizes"/>), scales from <see cref="Scales"/> or octave_base_scale × 2^(i / scales_per_octave).
/// </summary>
[ComponentKind]
public abstract class AnchorSettingsAttribute : PriorGeneratorAttribute
{
    /// <summary><c>strides</c> of the levels the anchors are placed on.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [];

    /// <summary><c>ratios</c> (height / width).</summary>
    [NotEmpty, InRange(0, double.MaxValue)]
    public double[] Ratios { get; set; } = [0.5, 1.0, 2.0];

    /// <summary><c>scales</c>; empty when octave_base_scale is used.</summary>
    [InRange(0, double.MaxValue)]
    public double[] Scales { get; set; } = [];

    /// <summary><c>base_sizes</c>; empty: the strides.</summary>
    [InRange(1, double.MaxValue)]
    public double[] BaseSizes { get; set; } = [];

    /// <summary><c>scale_major</c>.</summary>
    public bool ScaleMajor { get; set; } = true;

    /// <summary><c>octave_base_scale</c>; 0: unset.</summary>
    [InRange(0, double.MaxValue)]
    public double OctaveBaseScale { get; set; }

    /// <summary><c>scales_per_octave</c>; 0: unset.</summary>
    [InRange(0, int.MaxValue)]
    public int ScalesPerOctave { get; set; }

    /// <summary><c>center_offset</c> of anchor centers within a cell.</summary>
    [InRange(0, 1)]
    public double CenterOffset { get; set; }
}

/// <summary>Anchors per level (<c>type='AnchorGenerator'</c>).</summary>
[Register("AnchorGenerator", Builds = typeof(AnchorGenerator))]
public sealed class AnchorGeneratorAttribute : AnchorSettingsAttribute
{
    /// <summary>Round base anchors to integers, as torchvision does.</summary>
    public bool RoundBaseAnchors { get; set; }
}

/// <summary>
/// torchvision's <c>AnchorGenerator</c> (<c>type='TorchvisionAnchorGenerator'</c>): per level the sizes x, int(x · 2^(1/n)) ...
/// (n = <see cref="ScalesPerOctave"/>) for x in <see cref="Sizes"/>, shared <see cref="AspectRatios"/>, anchors rounded and
/// centred on cell corners, strides measured on the batch.
/// </summary>
[Register("TorchvisionAnchorGenerator", Builds = typeof(TorchvisionAnchorGenerator))]
public sealed class TorchvisionAnchorGeneratorAttribute : PriorGeneratorAttribute
{
    /// <summary>Nominal <c>strides</c> of the levels (the neck's).</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [];

    /// <summary><c>sizes</c>: the base anchor size of each level (one per stride).</summary>
    [NotEmpty, InRange(1, double.MaxValue)]
    public double[] Sizes { get; set; } = [];

    /// <summary>Sizes per level (1 for Faster R-CNN's RPN, 3 for RetinaNet).</summary>
    [InRange(1, int.MaxValue)]
    public int ScalesPerOctave { get; set; }

    /// <summary><c>aspect_ratios</c> (h / w).</summary>
    [NotEmpty, InRange(0, double.MaxValue)]
    public double[] AspectRatios { get; set; } = [0.5, 1.0, 2.0];
}

/// <summary>
/// torchvision's SSD <c>DefaultBoxGenerator</c> (<c>type='TorchvisionDefaultBoxGenerator'</c>): per level boxes of relative size
/// s_k and √(s_k·s_{k+1}), then (s_k√r, s_k/√r) and its transpose for each of the level's aspect ratios, centred at
/// (i + 0.5) · step, clamped to the image size (<see cref="Clip"/>). The per-level ratios are written flat with a count per
/// level: SSD300's <c>[[2], [2, 3], [2, 3], [2, 3], [2], [2]]</c> is <c>AspectRatios = [2, 2, 3, 2, 3, 2, 3, 2, 2]</c>,
/// <c>RatioCounts = [1, 2, 2, 2, 1, 1]</c>.
/// </summary>
[Register("TorchvisionDefaultBoxGenerator", Builds = typeof(TorchvisionDefaultBoxGenerator))]
public sealed class TorchvisionDefaultBoxGeneratorAttribute : PriorGeneratorAttribute
{
    /// <summary><c>steps</c>: the nominal stride of each level.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [];

    /// <summary><c>scales</c>: relative sizes, one per level and one more.</summary>
    [NotEmpty, InRange(0, double.MaxValue)]
    public double[] Scales { get; set; } = [];

    /// <summary>Every level's <c>aspect_ratios</c>, one level after the other.</summary>
    [InRange(1e-12, double.MaxValue)]
    public double[] AspectRatios { get; set; } = [];

    /// <summary>How many of <see cref="AspectRatios"/> each level takes.</summary>
    [NotEmpty, InRange(0, int.MaxValue)]
    public int[] RatioCounts { get; set; } = [];

    /// <summary><c>clip</c>: clamp the relative widths and heights to [0, 1].</summary>
    public bool Clip { get; set; }

    /// <summary>The square image side the boxes are placed on until a batch gives its own (300).</summary>
    [InRange(1, int.MaxValue)]
    public int InputSize { get; set; }
}

/// <summary>
/// What MMDetection's SSD anchor generators share: per level strides and aspect ratios, and box sizes taken from
/// <see cref="BasesizeRatioRange"/> of <see cref="InputSize"/>. Ratios per level are written flat with <see cref="RatioCounts"/>.
/// </summary>
[ComponentKind]
public abstract class SsdAnchorSettingsAttribute : PriorGeneratorAttribute
{
    /// <summary><c>strides</c>.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [];

    /// <summary>Every level's <c>ratios</c>, one level after the other.</summary>
    [InRange(1e-12, double.MaxValue)]
    public double[] Ratios { get; set; } = [];

    /// <summary>How many of <see cref="Ratios"/> each level takes.</summary>
    [NotEmpty, InRange(0, int.MaxValue)]
    public int[] RatioCounts { get; set; } = [];

    /// <summary><c>basesize_ratio_range</c> (low, high).</summary>
    [Length(2), InRange(0, 1)]
    public double[] BasesizeRatioRange { get; set; } = [0.15, 0.9];

    /// <summary><c>input_size</c>: 300 or 512.</summary>
    [InRange(1, int.MaxValue)]
    public int InputSize { get; set; }
}

/// <summary>
/// MMDetection's <c>SSDAnchorGenerator</c> (<c>type='SSDAnchorGenerator'</c>): per level boxes of side <c>min_size</c> for the
/// ratios 1, 1/r, r, then one of side √(min · max), centred at stride / 2 of each cell; sizes given, or (without them) from
/// <see cref="SsdAnchorSettingsAttribute.BasesizeRatioRange"/> and <see cref="SsdAnchorSettingsAttribute.InputSize"/>.
/// </summary>
[Register("SSDAnchorGenerator", Builds = typeof(SSDAnchorGenerator))]
public sealed class SsdAnchorGeneratorAttribute : SsdAnchorSettingsAttribute
{
    /// <summary><c>min_sizes</c> (with <see cref="MaxSizes"/>), or empty.</summary>
    [InRange(1e-12, double.MaxValue)]
    public double[] MinSizes { get; set; } = [];

    /// <summary><c>max_sizes</c>, or empty.</summary>
    [InRange(1e-12, double.MaxValue)]
    public double[] MaxSizes { get; set; } = [];
}

/// <summary>
/// MMDetection's <c>LegacySSDAnchorGenerator</c> (<c>type='LegacySSDAnchorGenerator'</c>, the V1 SSD300 row): SSD's anchors with
/// sizes from the base-size range and input size, centred at (stride − 1) / 2 of each cell.
/// </summary>
[Register("LegacySSDAnchorGenerator", Builds = typeof(LegacySSDAnchorGenerator))]
public sealed class LegacySsdAnchorGeneratorAttribute : SsdAnchorSettingsAttribute;

/// <summary>
/// Points of anchor-free heads (<c>type='MlvlPointGenerator'</c>, FCOS's <c>prior_generator</c>): one per cell at
/// (x + offset) · stride; <see cref="StridesFromBatch"/> measures the strides on the batch as torchvision's FCOS does.
/// </summary>
[Register("MlvlPointGenerator", Builds = typeof(MlvlPointGenerator))]
public sealed class MlvlPointGeneratorAttribute : PriorGeneratorAttribute
{
    /// <summary>Nominal <c>strides</c> of the levels.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [];

    /// <summary><c>offset</c> of the point inside its cell (0.5: the centre; torchvision: 0).</summary>
    [InRange(0, 1)]
    public double Offset { get; set; }

    /// <summary>Measure the strides on the batch (torchvision).</summary>
    public bool StridesFromBatch { get; set; }
}

/// <summary>MMDetection V1 / Detectron anchors with the "+1" convention (<c>type='LegacyAnchorGenerator'</c>).</summary>
[Register("LegacyAnchorGenerator", Builds = typeof(LegacyAnchorGenerator))]
public sealed class LegacyAnchorGeneratorAttribute : AnchorSettingsAttribute;

/// <summary>Delta box coders: a box as (dx, dy, dw, dh) relative to a prior box (an anchor or a proposal).</summary>
[ComponentKind]
public abstract class DeltaCoderAttribute : BBoxCoderAttribute;

/// <summary>MMDetection's delta coders: the deltas are normalized by means and stds.</summary>
[ComponentKind]
public abstract class NormalizedDeltaCoderAttribute : DeltaCoderAttribute
{
    /// <summary><c>target_means</c>.</summary>
    [Length(4)]
    public double[] TargetMeans { get; set; } = [0.0, 0.0, 0.0, 0.0];

    /// <summary><c>target_stds</c>.</summary>
    [Length(4), InRange(0, double.MaxValue)]
    public double[] TargetStds { get; set; } = [1.0, 1.0, 1.0, 1.0];
}

/// <summary>Box deltas (dx, dy, dw, dh) normalized by means and stds (<c>type='DeltaXYWHBBoxCoder'</c>).</summary>
[Register("DeltaXYWHBBoxCoder", Builds = typeof(DeltaXYWHBBoxCoder))]
public sealed class DeltaXywhBBoxCoderAttribute : NormalizedDeltaCoderAttribute
{
    /// <summary><c>clip_border</c>.</summary>
    public bool ClipBorder { get; set; }

    /// <summary><c>add_ctr_clamp</c>.</summary>
    public bool AddCtrClamp { get; set; }

    /// <summary><c>ctr_clamp</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double CtrClamp { get; set; }
}

/// <summary>The V1 coder with the "+1" convention (<c>type='LegacyDeltaXYWHBBoxCoder'</c>).</summary>
[Register("LegacyDeltaXYWHBBoxCoder", Builds = typeof(LegacyDeltaXYWHBBoxCoder))]
public sealed class LegacyDeltaXywhBBoxCoderAttribute : NormalizedDeltaCoderAttribute;

/// <summary>
/// torchvision's <c>BoxCoder(weights)</c> (<c>type='TorchvisionBoxCoder'</c>): deltas divided by <see cref="Weights"/> (the RPN's and
/// RetinaNet's 1, 1, 1, 1; the box head's 10, 10, 5, 5) with torchvision's arithmetic.
/// </summary>
[Register("TorchvisionBoxCoder", Builds = typeof(TorchvisionBoxCoder))]
public sealed class TorchvisionBoxCoderAttribute : DeltaCoderAttribute
{
    /// <summary><c>weights</c> (wx, wy, ww, wh).</summary>
    [Length(4), InRange(1e-12, double.MaxValue)]
    public double[] Weights { get; set; } = [1.0, 1.0, 1.0, 1.0];

    /// <summary><c>bbox_xform_clip</c>: the largest dw, dh (log(1000 / 16)).</summary>
    [InRange(0, double.MaxValue)]
    public double BboxXformClip { get; set; }
}

/// <summary>What point box coders share: they encode a box as seen from a prior point (FCOS-style heads' <c>bbox_coder</c>).</summary>
[ComponentKind]
public abstract class PointCoderAttribute : BBoxCoderAttribute;

/// <summary>Distances from a point to the box sides (<c>type='DistancePointBBoxCoder'</c>, FCOS).</summary>
[Register("DistancePointBBoxCoder", Builds = typeof(DistancePointBBoxCoder))]
public sealed class DistancePointBBoxCoderAttribute : PointCoderAttribute
{
    /// <summary><c>clip_border</c>.</summary>
    public bool ClipBorder { get; set; }
}

/// <summary>IoU-threshold assignment (<c>type='MaxIoUAssigner'</c>).</summary>
[Register("MaxIoUAssigner", Builds = typeof(MaxIoUAssigner))]
public sealed class MaxIoUAssignerAttribute : AssignerAttribute
{
    /// <summary><c>pos_iou_thr</c>.</summary>
    [InRange(0, 1)]
    public double PosIouThr { get; set; } = 0.5;

    /// <summary><c>neg_iou_thr</c>: IoU below it is negative.</summary>
    [InRange(0, 1)]
    public double NegIouThr { get; set; } = 0.5;

    /// <summary><c>min_pos_iou</c>.</summary>
    [InRange(0, 1)]
    public double MinPosIou { get; set; }

    /// <summary><c>gt_max_assign_all</c>.</summary>
    public bool GtMaxAssignAll { get; set; }

    /// <summary><c>ignore_iof_thr</c>; -1 switches ignoring off.</summary>
    [InRange(0, 1, Disabled = -1)]
    public double IgnoreIofThr { get; set; }

    /// <summary><c>ignore_wrt_candidates</c>.</summary>
    public bool IgnoreWrtCandidates { get; set; }

    /// <summary><c>match_low_quality</c>.</summary>
    public bool MatchLowQuality { get; set; }
}

/// <summary>
/// torchvision's IoU <c>Matcher</c> (<c>type='TorchvisionMatcher'</c>): the RPN's (0.7, 0.3, low-quality matches), RetinaNet's
/// (0.5, 0.4, low-quality matches) and the box head's (0.5, 0.5) assignment in torchvision's detectors.
/// </summary>
[Register("TorchvisionMatcher", Builds = typeof(TorchvisionMatcher))]
public sealed class TorchvisionMatcherAttribute : AssignerAttribute
{
    /// <summary><c>high_threshold</c>: best IoU from which a prior is positive.</summary>
    [InRange(0, 1)]
    public double HighThreshold { get; set; } = 0.5;

    /// <summary><c>low_threshold</c>: best IoU below which a prior is negative.</summary>
    [InRange(0, 1)]
    public double LowThreshold { get; set; } = 0.5;

    /// <summary><c>allow_low_quality_matches</c>: a prior that is some box's best becomes positive for its own best box.</summary>
    public bool AllowLowQualityMatches { get; set; }
}

/// <summary>
/// torchvision FCOS's point assignment (<c>type='TorchvisionFcosMatcher'</c>): a point inside a box's centre region
/// (<see cref="CenterSamplingRadius"/> anchor sizes) whose largest distance fits the level's range, the smallest box winning.
/// </summary>
[Register("TorchvisionFcosMatcher", Builds = typeof(TorchvisionFcosMatcher))]
public sealed class TorchvisionFcosMatcherAttribute : AssignerAttribute
{
    /// <summary><c>center_sampling_radius</c>, in anchor sizes (torchvision: 1.5).</summary>
    [InRange(1e-12, double.MaxValue)]
    public double CenterSamplingRadius { get; set; }
}

/// <summary>Adaptive training sample selection (<c>type='ATSSAssigner'</c>).</summary>
[Register("ATSSAssigner", Builds = typeof(AtssAssigner))]
public sealed class AtssAssignerAttribute : AssignerAttribute
{
    /// <summary><c>topk</c> candidates per level.</summary>
    [InRange(1, int.MaxValue)]
    public int Topk { get; set; } = 9;

    /// <summary><c>ignore_iof_thr</c>; -1 switches ignoring off.</summary>
    [InRange(0, 1, Disabled = -1)]
    public double IgnoreIofThr { get; set; }
}

/// <summary>Random sampling of positives and negatives (<c>type='RandomSampler'</c>).</summary>
[Register("RandomSampler", Builds = typeof(RandomSampler))]
public sealed class RandomSamplerAttribute : SamplerAttribute
{
    /// <summary><c>num</c> samples per image.</summary>
    [InRange(1, int.MaxValue)]
    public int Num { get; set; } = 256;

    /// <summary><c>pos_fraction</c>.</summary>
    [InRange(0, 1)]
    public double PosFraction { get; set; } = 0.5;

    /// <summary><c>neg_pos_ub</c>; -1: no upper bound.</summary>
    [InRange(0, int.MaxValue, Disabled = -1)]
    public int NegPosUb { get; set; }

    /// <summary><c>add_gt_as_proposals</c>.</summary>
    public bool AddGtAsProposals { get; set; }
}

/// <summary>Keeps every assignment (<c>type='PseudoSampler'</c>), for focal-loss heads.</summary>
[Register("PseudoSampler", Builds = typeof(PseudoSampler))]
public sealed class PseudoSamplerAttribute : SamplerAttribute;

/// <summary>Non-maximum suppression settings (<c>nms=dict(type='nms', iou_threshold=0.5)</c>).</summary>
[Register("nms", Builds = typeof(Detect.Models.PostProcessing.NmsConfig))]
public class NmsAttribute : ComponentAttribute
{
    /// <summary><c>iou_threshold</c>.</summary>
    [InRange(0, 1)]
    public double IouThreshold { get; set; }

    /// <summary><c>split_thr</c>: from this many boxes on, NMS runs class by class (torchvision on the CPU: 1001).</summary>
    [InRange(1, int.MaxValue)]
    public int SplitThr { get; set; }

    /// <summary><c>class_agnostic</c>: one NMS over all classes.</summary>
    public bool ClassAgnostic { get; set; }
}

/// <summary>
/// Soft-NMS (<c>nms=dict(type='soft_nms', iou_threshold=0.5, min_score=0.05)</c>): MMCV's <c>soft_nms</c> through
/// <c>batched_nms</c>; detections keep the lowered scores.
/// </summary>
[Register("soft_nms", Builds = typeof(Detect.Models.PostProcessing.SoftNmsSettings))]
public sealed class SoftNmsAttribute : NmsAttribute
{
    /// <summary><c>sigma</c> of the gaussian method.</summary>
    [InRange(1e-12, double.MaxValue)]
    public double Sigma { get; set; }

    /// <summary><c>min_score</c>: boxes whose lowered score falls below it are dropped.</summary>
    [InRange(0, 1)]
    public double MinScore { get; set; }

    /// <summary><c>method</c>: naive, linear or gaussian.</summary>
    public Detect.Models.PostProcessing.SoftNmsMethod Method { get; set; }
}
