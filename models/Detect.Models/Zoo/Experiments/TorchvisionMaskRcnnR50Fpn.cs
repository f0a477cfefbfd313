using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// Mask R-CNN R-50-FPN with torchvision's <c>maskrcnn_resnet50_fpn</c> settings: those of
/// <see cref="TorchvisionFasterRcnnR50Fpn"/> plus the mask branch's RoIAlign (14×14, sampling ratio 2, aligned=false).
/// </summary>
[Experiment]
[FrozenBatchNorm(At = "model.backbone.norm_cfg", Delete = true)]
[AnchorGenerator(At = "model.rpn_head.anchor_generator", RoundBaseAnchors = true)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", NmsPre = 2000, MaxPerImg = 2000, MinBboxSize = 0.001)]
[ProposalCfg(At = "model.test_cfg.rpn", NmsPre = 1000, MaxPerImg = 1000, MinBboxSize = 0.001)]
[RoIAlign(At = "model.roi_head.bbox_roi_extractor.roi_layer", OutputSize = 7, SamplingRatio = 2, Aligned = false)]
[RoIAlign(At = "model.roi_head.mask_roi_extractor.roi_layer", OutputSize = 14, SamplingRatio = 2, Aligned = false)]
[RcnnTestCfg(ScoreThr = 0.05, MaxPerImg = 100, MaskThrBinary = 0.5)]
public partial record TorchvisionMaskRcnnR50Fpn : MaskRcnnR50Fpn1xCoco;
