using Detect.Models.Layers;
using Detect.Models.RoIHeads;

namespace Detect.Config;

/// <summary>
/// The standard RoI head (<c>type='StandardRoIHead'</c>): a box branch and optionally a mask branch,
/// each an extractor feeding a head (whose in_channels must be the extractor's out_channels, DET202).
/// </summary>
[Register("StandardRoIHead", Builds = typeof(StandardRoIHead))]
[RoIPairRule(Extractor = "bbox_roi_extractor", Head = "bbox_head")]
[RoIPairRule(Extractor = "mask_roi_extractor", Head = "mask_head")]
public sealed class StandardRoIHeadAttribute : RoIHeadAttribute
{
    /// <summary><c>bbox_roi_extractor</c>.</summary>
    [RequiredSlot]
    public RoIExtractorAttribute? BboxRoiExtractor { get; }

    /// <summary><c>bbox_head</c>.</summary>
    [RequiredSlot]
    public RoIBBoxHeadAttribute? BboxHead { get; }

    /// <summary><c>mask_roi_extractor</c>.</summary>
    public RoIExtractorAttribute? MaskRoiExtractor { get; }

    /// <summary><c>mask_head</c>.</summary>
    public MaskHeadAttribute? MaskHead { get; }

    /// <summary><c>train_cfg</c>: usually unset here; the detector's <c>train_cfg.rcnn</c> replaces it.</summary>
    public RcnnTrainCfgAttribute? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg.rcnn</c> replaces it.</summary>
    public RcnnTestCfgAttribute? TestCfg { get; }
}

/// <summary>
/// The cascade RoI head (<c>type='CascadeRoIHead'</c>): <c>num_stages</c> box heads (and, for Cascade Mask R-CNN, mask heads in
/// <c>mask_head</c>) in the list slot
/// <c>bbox_head</c> (one per stage, <c>roi_head.bbox_head.1.loss_cls</c> changes the second), one weight per stage in
/// <c>stage_loss_weights</c>, one shared extractor; the detector's <c>train_cfg.rcnn</c> is then a list with one item per
/// stage (<see cref="MultiStageTrainCfgAttribute"/>). The counts must agree (DET208).
/// </summary>
[Register("CascadeRoIHead", Builds = typeof(CascadeRoIHead))]
[RoIPairRule(Extractor = "bbox_roi_extractor", Head = "bbox_head")]
[RoIPairRule(Extractor = "mask_roi_extractor", Head = "mask_head")]
[RoIStagesRule(Heads = "bbox_head", OptionalHeads = "mask_head")]
public sealed class CascadeRoIHeadAttribute : RoIHeadAttribute
{
    /// <summary><c>num_stages</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NumStages { get; set; }

    /// <summary><c>stage_loss_weights</c>, one per stage.</summary>
    [NotEmpty, InRange(0, double.MaxValue)]
    public double[] StageLossWeights { get; set; } = [];

    /// <summary><c>bbox_roi_extractor</c>, shared by the stages.</summary>
    [RequiredSlot]
    public RoIExtractorAttribute? BboxRoiExtractor { get; }

    /// <summary><c>bbox_head</c>, one per stage.</summary>
    public RoIBBoxHeadAttribute[]? BboxHead { get; }

    /// <summary><c>mask_roi_extractor</c>, shared by the stages (Cascade Mask R-CNN).</summary>
    public RoIExtractorAttribute? MaskRoiExtractor { get; }

    /// <summary><c>mask_head</c>, one per stage (Cascade Mask R-CNN), or none.</summary>
    public MaskHeadAttribute[]? MaskHead { get; }

    /// <summary><c>train_cfg</c>, one per stage: usually unset here; the detector's <c>train_cfg.rcnn</c> replaces it.</summary>
    public RcnnTrainCfgAttribute[]? TrainCfg { get; }

    /// <summary><c>test_cfg</c>: usually unset here; the detector's <c>test_cfg.rcnn</c> replaces it.</summary>
    public RcnnTestCfgAttribute? TestCfg { get; }
}

/// <summary>
/// Pools RoI features from one pyramid level chosen by RoI scale (<c>type='SingleRoIExtractor'</c>):
/// out_channels must be the neck's, featmap_strides the first levels' strides.
/// </summary>
[Register("SingleRoIExtractor", Builds = typeof(SingleRoIExtractor))]
[RoIExtractorRule]
public sealed class SingleRoIExtractorAttribute : RoIExtractorAttribute
{
    /// <summary><c>roi_layer</c>.</summary>
    public RoILayerAttribute? RoiLayer { get; }

    /// <summary><c>out_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int OutChannels { get; set; } = 256;

    /// <summary><c>featmap_strides</c>.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] FeatmapStrides { get; set; } = [4, 8, 16, 32];

    /// <summary><c>finest_scale</c>: RoIs smaller than this scale go to the finest level.</summary>
    [InRange(1, int.MaxValue)]
    public int FinestScale { get; set; }
}

/// <summary>RoIAlign (<c>roi_layer=dict(type='RoIAlign', output_size=7, sampling_ratio=0)</c>).</summary>
[Register("RoIAlign", Builds = typeof(RoIAlignLayer))]
public sealed class RoIAlignAttribute : RoILayerAttribute
{
    /// <summary><c>output_size</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int OutputSize { get; set; }

    /// <summary><c>sampling_ratio</c>: 0 adapts to the RoI size.</summary>
    [InRange(0, int.MaxValue)]
    public int SamplingRatio { get; set; }

    /// <summary><c>aligned</c>: half-pixel shift (false reproduces torchvision's and V1 models).</summary>
    public bool Aligned { get; set; }
}

/// <summary>Two shared FC layers then class and box predictors (<c>type='Shared2FCBBoxHead'</c>).</summary>
[Register("Shared2FCBBoxHead", Builds = typeof(Shared2FCBBoxHead))]
[NumClassesRule]
[AveragedLossRule("loss_cls", "loss_bbox")]
public sealed class Shared2FcBBoxHeadAttribute : RoIBBoxHeadAttribute
{
    /// <summary><c>in_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int InChannels { get; set; }

    /// <summary><c>fc_out_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int FcOutChannels { get; set; }

    /// <summary><c>roi_feat_size</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int RoiFeatSize { get; set; }

    /// <summary><c>num_classes</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NumClasses { get; set; } = 80;

    /// <summary><c>reg_class_agnostic</c>.</summary>
    public bool RegClassAgnostic { get; set; }

    /// <summary><c>bbox_coder</c>: a delta coder (anchor or proposal → box deltas); a point coder here would fail at run time, so the slot does not take one.</summary>
    public DeltaCoderAttribute? BboxCoder { get; }

    /// <summary><c>loss_cls</c>.</summary>
    public LossAttribute? LossCls { get; }

    /// <summary><c>loss_bbox</c>.</summary>
    public LossAttribute? LossBbox { get; }
}

/// <summary>Mask R-CNN's mask head (<c>type='FCNMaskHead'</c>); it trains on masks, so the train pipeline must load them (DET303).</summary>
[Register("FCNMaskHead", Builds = typeof(FCNMaskHead))]
[NumClassesRule]
[NeedsMasksRule]
public sealed class FcnMaskHeadAttribute : MaskHeadAttribute
{
    /// <summary><c>num_convs</c>.</summary>
    [InRange(0, int.MaxValue)]
    public int NumConvs { get; set; }

    /// <summary><c>in_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int InChannels { get; set; }

    /// <summary><c>conv_out_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int ConvOutChannels { get; set; }

    /// <summary><c>num_classes</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NumClasses { get; set; } = 80;

    /// <summary><c>class_agnostic</c>.</summary>
    public bool ClassAgnostic { get; set; }

    /// <summary><c>loss_mask</c>.</summary>
    public LossAttribute? LossMask { get; }
}
