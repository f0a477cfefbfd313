using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Models.RoIHeads;

namespace Detect.Config;

// The detectors' train_cfg / test_cfg: MMDetection gives them no type; each builds the settings
// object the detector's constructor takes (DenseTrainConfig, TwoStageTestConfig...).

/// <summary>A dense head's <c>train_cfg</c> (RetinaNet, FCOS; <c>train_cfg.rpn</c> of two-stage detectors).</summary>
[Register("", Builds = typeof(DenseTrainConfig))]
[DenseSamplingRule]
public sealed class DenseTrainCfgAttribute : ModelTrainCfgAttribute
{
    /// <summary><c>assigner</c>.</summary>
    public AssignerAttribute? Assigner { get; }

    /// <summary><c>sampler</c>.</summary>
    public SamplerAttribute? Sampler { get; }

    /// <summary><c>allowed_border</c>; -1: no border check.</summary>
    public int AllowedBorder { get; set; }

    /// <summary><c>pos_weight</c>; -1: weight 1.</summary>
    public double PosWeight { get; set; }

    /// <summary><c>debug</c>.</summary>
    public bool Debug { get; set; }

    /// <summary>How the dense losses are averaged: MMDetection's <c>avg_factor</c> (default) or torchvision RetinaNet's per-image
    /// positives.</summary>
    public LossNormalization LossNormalization { get; set; }

    /// <summary><c>neg_pos_ratio</c>: SSD's hard negative mining keeps this many negatives per positive (3).</summary>
    [InRange(1, int.MaxValue)]
    public int NegPosRatio { get; set; }
}

/// <summary>A dense head's <c>test_cfg</c>.</summary>
[Register("", Builds = typeof(DenseTestConfig))]
public sealed class DenseTestCfgAttribute : ModelTestCfgAttribute
{
    /// <summary><c>nms_pre</c>: candidates per level before NMS.</summary>
    [InRange(1, int.MaxValue)]
    public int NmsPre { get; set; }

    /// <summary><c>min_bbox_size</c>: boxes not wider and taller than it are dropped; -1 keeps every box (torchvision's one-stage detectors).</summary>
    [InRange(0, double.MaxValue, Disabled = -1)]
    public double MinBboxSize { get; set; }

    /// <summary><c>score_thr</c>.</summary>
    [InRange(0, 1)]
    public double ScoreThr { get; set; }

    /// <summary><c>nms</c>.</summary>
    public NmsAttribute? Nms { get; }

    /// <summary><c>max_per_img</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxPerImg { get; set; }

    /// <summary>
    /// <see cref="NmsPre"/> counts per class over all levels (torchvision SSD's <c>topk_candidates</c>) instead of per level over
    /// every (prior, class) pair (MMDetection).
    /// </summary>
    public bool NmsPrePerClass { get; set; }

    /// <summary>
    /// After NMS and <see cref="MaxPerImg"/>, clip the boxes to the image they are on (the original one when rescaled) and drop
    /// empty ones, as Detectron2's <c>detector_postprocess</c> does. Detectron2's RetinaNet decodes without clipping and filters
    /// no small boxes before NMS (pair it with a coder's <c>ClipBorder = false</c> and <see cref="MinBboxSize"/> −1).
    /// </summary>
    public bool ClipAfterNms { get; set; }
}

/// <summary>Proposal settings (<c>train_cfg.rpn_proposal</c>, <c>test_cfg.rpn</c>).</summary>
[Register("", Builds = typeof(DenseTestConfig), DefaultSlot = "model.test_cfg.rpn")]
public sealed class ProposalCfgAttribute : ComponentAttribute
{
    /// <summary><c>nms_pre</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NmsPre { get; set; }

    /// <summary><c>max_per_img</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxPerImg { get; set; } = 1000;

    /// <summary><c>nms</c>.</summary>
    public NmsAttribute? Nms { get; }

    /// <summary><c>min_bbox_size</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double MinBboxSize { get; set; }
}

/// <summary>The R-CNN stage's <c>train_cfg.rcnn</c>.</summary>
[Register("", Builds = typeof(RcnnTrainConfig), DefaultSlot = "model.train_cfg.rcnn")]
public sealed class RcnnTrainCfgAttribute : ComponentAttribute
{
    /// <summary><c>assigner</c>.</summary>
    public AssignerAttribute? Assigner { get; }

    /// <summary><c>sampler</c>.</summary>
    public SamplerAttribute? Sampler { get; }

    /// <summary><c>mask_size</c>: mask target resolution.</summary>
    [InRange(1, int.MaxValue)]
    public int MaskSize { get; set; }

    /// <summary><c>pos_weight</c>; -1: weight 1.</summary>
    public double PosWeight { get; set; }

    /// <summary><c>debug</c>.</summary>
    public bool Debug { get; set; }
}

/// <summary>The R-CNN stage's <c>test_cfg.rcnn</c>.</summary>
[Register("", Builds = typeof(RcnnTestConfig), DefaultSlot = "model.test_cfg.rcnn")]
public sealed class RcnnTestCfgAttribute : ComponentAttribute
{
    /// <summary><c>score_thr</c>.</summary>
    [InRange(0, 1)]
    public double ScoreThr { get; set; }

    /// <summary><c>nms</c>.</summary>
    public NmsAttribute? Nms { get; }

    /// <summary><c>max_per_img</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int MaxPerImg { get; set; }

    /// <summary><c>mask_thr_binary</c>.</summary>
    [InRange(0, 1)]
    public double MaskThrBinary { get; set; }

    /// <summary>Boxes not wider and taller than this are dropped before NMS (torchvision's box head: 0.01); -1: none (MMDetection).</summary>
    [InRange(0, double.MaxValue, Disabled = -1)]
    public double MinBboxSize { get; set; }
}

/// <summary>
/// A two-stage detector's <c>train_cfg</c>: <c>rpn</c>, <c>rpn_proposal</c> and <c>rcnn</c>, which is one setting for a
/// one-stage RoI head and a list, one item per stage, for a multi-stage one (MMDetection writes both as <c>rcnn</c>).
/// </summary>
[ComponentKind(DefaultSlot = "model.train_cfg")]
public abstract class TwoStageTrainSettingsAttribute : ModelTrainCfgAttribute
{
    /// <summary><c>rpn</c>.</summary>
    public DenseTrainCfgAttribute? Rpn { get; }

    /// <summary><c>rpn_proposal</c>.</summary>
    public ProposalCfgAttribute? RpnProposal { get; }
}

/// <summary>A two-stage detector's <c>train_cfg</c> with one <c>rcnn</c> setting (Faster / Mask R-CNN).</summary>
[Register("", Builds = typeof(TwoStageTrainConfig))]
public sealed class TwoStageTrainCfgAttribute : TwoStageTrainSettingsAttribute
{
    /// <summary><c>rcnn</c>.</summary>
    public RcnnTrainCfgAttribute? Rcnn { get; }
}

/// <summary>
/// A two-stage detector's <c>train_cfg</c> with one <c>rcnn</c> item per RoI-head stage (Cascade R-CNN:
/// <c>train_cfg.rcnn.1.assigner.pos_iou_thr</c> changes the second stage's); as many items as stages (DET208).
/// </summary>
[Register("", Builds = typeof(TwoStageTrainConfig))]
[PerStageRule(Key = "rcnn")]
public sealed class MultiStageTrainCfgAttribute : TwoStageTrainSettingsAttribute
{
    /// <summary><c>rcnn</c>, one per stage.</summary>
    public RcnnTrainCfgAttribute[]? Rcnn { get; }
}

/// <summary>A two-stage detector's <c>test_cfg</c>: rpn, rcnn.</summary>
[Register("", Builds = typeof(TwoStageTestConfig))]
public sealed class TwoStageTestCfgAttribute : ModelTestCfgAttribute
{
    /// <summary><c>rpn</c>.</summary>
    public ProposalCfgAttribute? Rpn { get; }

    /// <summary><c>rcnn</c>.</summary>
    public RcnnTestCfgAttribute? Rcnn { get; }
}
