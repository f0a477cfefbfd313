using Detect.Models.DenseHeads;

namespace Detect.Config;

/// <summary>Dense heads that place anchors: an anchor generator and a box coder besides the losses.</summary>
[ComponentKind(DefaultSlot = "model.bbox_head")]
[DenseHeadRule(StridesFrom = "anchor_generator.strides")]
[AveragedLossRule("loss_cls", "loss_bbox")]
public abstract class AnchorHeadAttribute : DenseHeadAttribute
{
    /// <summary><c>in_channels</c> of every input level (the neck's out_channels).</summary>
    [InRange(1, int.MaxValue)]
    public int InChannels { get; set; } = 256;

    /// <summary><c>feat_channels</c> of the head's convolutions.</summary>
    [InRange(1, int.MaxValue)]
    public int FeatChannels { get; set; } = 256;

    /// <summary><c>anchor_generator</c>: its strides must be the input levels' strides.</summary>
    public PriorGeneratorAttribute? AnchorGenerator { get; }

    /// <summary><c>bbox_coder</c>: a delta coder (anchor or proposal → box deltas); a point coder here would fail at run time, so the slot does not take one.</summary>
    public DeltaCoderAttribute? BboxCoder { get; }

    /// <summary><c>loss_cls</c>.</summary>
    public LossAttribute? LossCls { get; }

    /// <summary><c>loss_bbox</c>.</summary>
    public LossAttribute? LossBbox { get; }

    /// <summary><c>train_cfg</c>: usually unset here; the detector's <c>train_cfg</c> (a two-stage detector's <c>train_cfg.rpn</c>) replaces it.</summary>
    public DenseTrainCfgAttribute? TrainCfg { get; }
}

/// <summary>RetinaNet's head (<c>type='RetinaHead'</c>, <c>model.bbox_head</c>).</summary>
[Register("RetinaHead", Builds = typeof(RetinaHead))]
[NumClassesRule]
public sealed class RetinaHeadAttribute : AnchorHeadAttribute
{
    /// <summary><c>num_classes</c>: must be the dataset's class count (DET205).</summary>
    [InRange(1, int.MaxValue)]
    public int NumClasses { get; set; } = 80;

    /// <summary><c>stacked_convs</c>.</summary>
    [InRange(0, int.MaxValue)]
    public int StackedConvs { get; set; }

    /// <summary><c>norm_cfg</c> of the stacked convolutions.</summary>
    public NormalizationAttribute? NormCfg { get; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg</c> replaces it.</summary>
    public DenseTestCfgAttribute? TestCfg { get; }
}

/// <summary>
/// ATSS's head (<c>type='ATSSHead'</c>, <c>model.bbox_head</c>): an anchor head with GN towers, a centerness branch
/// (<see cref="LossCenterness"/>) and per-level scales; it regresses decoded boxes, so its box loss is an IoU-type loss.
/// </summary>
[Register("ATSSHead", Builds = typeof(ATSSHead))]
[NumClassesRule]
[AveragedLossRule("loss_cls", "loss_bbox", "loss_centerness")]
public sealed class AtssHeadAttribute : AnchorHeadAttribute
{
    /// <summary><c>num_classes</c>: must be the dataset's class count (DET205).</summary>
    [InRange(1, int.MaxValue)]
    public int NumClasses { get; set; } = 80;

    /// <summary><c>stacked_convs</c>.</summary>
    [InRange(0, int.MaxValue)]
    public int StackedConvs { get; set; }

    /// <summary><c>pred_kernel_size</c> of <c>atss_cls</c>, <c>atss_reg</c> and <c>atss_centerness</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int PredKernelSize { get; set; }

    /// <summary><c>norm_cfg</c> of the stacked convolutions (GN with 32 groups when absent).</summary>
    public NormalizationAttribute? NormCfg { get; }

    /// <summary><c>loss_centerness</c>.</summary>
    public LossAttribute? LossCenterness { get; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg</c> replaces it.</summary>
    public DenseTestCfgAttribute? TestCfg { get; }
}

/// <summary>The region proposal network's head (<c>type='RPNHead'</c>, <c>model.rpn_head</c>).</summary>
[Register("RPNHead", Builds = typeof(RPNHead), DefaultSlot = "model.rpn_head")]
public sealed class RpnHeadAttribute : AnchorHeadAttribute
{
    /// <summary><c>num_convs</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NumConvs { get; set; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg.rpn</c> replaces it.</summary>
    public ProposalCfgAttribute? TestCfg { get; }
}

/// <summary>
/// FCOS's head (<c>type='FCOSHead'</c>, <c>model.bbox_head</c>): anchor-free, one point per location
/// at each level's stride, so <see cref="Strides"/> must be the neck's strides.
/// </summary>
[Register("FCOSHead", Builds = typeof(FCOSHead))]
[DenseHeadRule(StridesFrom = "strides")]
[NumClassesRule]
[AveragedLossRule("loss_cls", "loss_bbox", "loss_centerness")]
public sealed class FcosHeadAttribute : DenseHeadAttribute
{
    /// <summary><c>num_classes</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NumClasses { get; set; } = 80;

    /// <summary><c>in_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int InChannels { get; set; } = 256;

    /// <summary><c>feat_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int FeatChannels { get; set; }

    /// <summary><c>stacked_convs</c>.</summary>
    [InRange(0, int.MaxValue)]
    public int StackedConvs { get; set; }

    /// <summary><c>strides</c> of the input levels.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [4, 8, 16, 32, 64];

    /// <summary>
    /// <c>regress_ranges</c>, one (low, high) pair per level written flat, since attributes take no
    /// nested lists: <c>[-1, 64, 64, 128, 128, double.PositiveInfinity]</c> is MMDetection's
    /// <c>((-1, 64), (64, 128), (128, INF))</c>. Empty: MMDetection's five-level default.
    /// </summary>
    [Length(2, Multiple = true)]
    public double[] RegressRanges { get; set; } = [];

    /// <summary><c>center_sampling</c>.</summary>
    public bool CenterSampling { get; set; }

    /// <summary><c>center_sample_radius</c>.</summary>
    [InRange(0, double.MaxValue)]
    public double CenterSampleRadius { get; set; }

    /// <summary><c>norm_on_bbox</c>: regress distances divided by the stride.</summary>
    public bool NormOnBbox { get; set; }

    /// <summary><c>centerness_on_reg</c>.</summary>
    public bool CenternessOnReg { get; set; }

    /// <summary><c>loss_cls</c>.</summary>
    public LossAttribute? LossCls { get; }

    /// <summary><c>loss_bbox</c>.</summary>
    public LossAttribute? LossBbox { get; }

    /// <summary><c>loss_centerness</c>.</summary>
    public LossAttribute? LossCenterness { get; }

    /// <summary><c>bbox_coder</c>: distances from each point to the box sides (MMDetection's default DistancePointBBoxCoder).</summary>
    public PointCoderAttribute? BboxCoder { get; }

    /// <summary><c>norm_cfg</c> of the stacked convolutions (GN in the FCOS paper).</summary>
    public NormalizationAttribute? NormCfg { get; }

    /// <summary><c>conv_bias</c> of the stacked convolutions; false: MMDetection's 'auto' (no bias before a norm). torchvision: true.</summary>
    public bool ConvBias { get; set; }

    /// <summary><c>prior_generator</c>: the points (unset: MMDetection's, at the cell centres of <see cref="Strides"/>).</summary>
    public PriorGeneratorAttribute? PriorGenerator { get; }

    /// <summary>The point assignment (unset: MMDetection's FCOS rule with <see cref="RegressRanges"/>; torchvision's
    /// <c>TorchvisionFcosMatcher</c>).</summary>
    public AssignerAttribute? Assigner { get; }

    /// <summary>How class scores and centerness combine at test time: MMDetection multiplies, torchvision takes the geometric mean.</summary>
    public CenternessScoring CenternessScoring { get; set; }

    /// <summary>Weight the box loss by the centerness targets (MMDetection); torchvision averages it over the positives.</summary>
    public bool WeightBboxByCenterness { get; set; }

    /// <summary><c>train_cfg</c>: usually unset here; the detector's <c>train_cfg</c> replaces it (FCOS uses none of its settings).</summary>
    public DenseTrainCfgAttribute? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg</c> replaces it.</summary>
    public DenseTestCfgAttribute? TestCfg { get; }
}

/// <summary>
/// SSD's head (<c>type='SSDHead'</c>, <c>model.bbox_head</c>): a 3×3 class conv (softmax with the background) and box conv per
/// level, with the anchor count of each level; trained with hard negative mining (<c>train_cfg.neg_pos_ratio</c>).
/// </summary>
[Register("SSDHead", Builds = typeof(SSDHead))]
[NumClassesRule]
[AveragedLossRule("loss_bbox")]
public sealed class SsdHeadAttribute : DenseHeadAttribute
{
    /// <summary><c>num_classes</c>: must be the dataset's class count (DET205).</summary>
    [InRange(1, int.MaxValue)]
    public int NumClasses { get; set; } = 80;

    /// <summary><c>in_channels</c> of each level.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] InChannels { get; set; } = [512, 1024, 512, 256, 256, 256];

    /// <summary><c>anchor_generator</c>: one level per input level.</summary>
    public PriorGeneratorAttribute? AnchorGenerator { get; }

    /// <summary><c>bbox_coder</c>.</summary>
    public DeltaCoderAttribute? BboxCoder { get; }

    /// <summary>The box loss (MMDetection's smooth L1 with <c>train_cfg.smoothl1_beta</c>: a <c>SmoothL1Loss</c> with that beta).</summary>
    public LossAttribute? LossBbox { get; }

    /// <summary><c>reg_decoded_bbox</c>.</summary>
    public bool RegDecodedBbox { get; set; }

    /// <summary><c>train_cfg</c>: usually unset here; the detector's <c>train_cfg</c> replaces it.</summary>
    public DenseTrainCfgAttribute? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg</c> replaces it.</summary>
    public DenseTestCfgAttribute? TestCfg { get; }
}
