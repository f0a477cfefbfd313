using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// Mask R-CNN R-50-FPN with MMDetection V1.x's legacy settings (MMDetection's <c>legacy_1.x/mask-rcnn_r50_fpn_1x_coco_v1.py</c>,
/// seed 000's first row), for weights converted by <c>detect convert --from mmdet-v1</c>: the legacy box settings of
/// <see cref="FasterRcnnR50Fpn1xCocoV1"/> on Mask R-CNN, and the mask RoIAlign aligned=false with sampling ratio 2.
/// </summary>
[Experiment]
[LegacyAnchorGenerator(At = "model.rpn_head.anchor_generator", Delete = true, CenterOffset = 0.5, Scales = [8], Ratios = [0.5, 1.0, 2.0], Strides = [4, 8, 16, 32, 64])]
[LegacyDeltaXywhBBoxCoder(At = "model.rpn_head.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [1.0, 1.0, 1.0, 1.0])]
[SmoothL1Loss(At = "model.rpn_head.loss_bbox", Delete = true, Beta = 1.0 / 9.0, LossWeight = 1.0)]
[RoIAlign(At = "model.roi_head.bbox_roi_extractor.roi_layer", OutputSize = 7, SamplingRatio = 2, Aligned = false)]
[RoIAlign(At = "model.roi_head.mask_roi_extractor.roi_layer", OutputSize = 14, SamplingRatio = 2, Aligned = false)]
[LegacyDeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
[SmoothL1Loss(At = "model.roi_head.bbox_head.loss_bbox", Delete = true, Beta = 1.0, LossWeight = 1.0)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", MaxPerImg = 2000)]
[MaxIoUAssigner(At = "model.train_cfg.rcnn.assigner", MatchLowQuality = true)]
public partial record MaskRcnnR50Fpn1xCocoV1 : MaskRcnnR50Fpn1xCoco;
