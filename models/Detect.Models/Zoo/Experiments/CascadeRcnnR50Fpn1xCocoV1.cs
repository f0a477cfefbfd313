using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// Cascade R-CNN R-50-FPN (boxes only) with MMDetection V1.x's legacy settings, for the V1 model zoo's
/// <c>cascade_rcnn_r50_fpn_1x</c> weights converted by <c>detect convert --from mmdet-v1</c>: the legacy settings of
/// <see cref="CascadeMaskRcnnR50Fpn1xCocoV1"/> (MMDetection's <c>legacy_1.x/cascade-mask-rcnn_r50_fpn_1x_coco_v1.py</c>, seed 000)
/// without the mask branch — V1's "+1" anchors centred at 0.5, legacy deltas in the RPN and every stage's box head, RoIAlign
/// aligned=false with sampling ratio 2. MMDetection's <c>legacy_1.x</c> has no box-only file; this is that file's model minus
/// its masks, as <see cref="CascadeRcnnR50Fpn1xCoco"/> is <see cref="CascadeMaskRcnnR50Fpn1xCoco"/>'s.
/// </summary>
[Experiment]
[LegacyAnchorGenerator(At = "model.rpn_head.anchor_generator", Delete = true, CenterOffset = 0.5, Scales = [8], Ratios = [0.5, 1.0, 2.0], Strides = [4, 8, 16, 32, 64])]
[LegacyDeltaXywhBBoxCoder(At = "model.rpn_head.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [1.0, 1.0, 1.0, 1.0])]
[RoIAlign(At = "model.roi_head.bbox_roi_extractor.roi_layer", OutputSize = 7, SamplingRatio = 2, Aligned = false)]
[LegacyDeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.0.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
[LegacyDeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.1.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.05, 0.05, 0.1, 0.1])]
[LegacyDeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.2.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.033, 0.033, 0.067, 0.067])]
public partial record CascadeRcnnR50Fpn1xCocoV1 : CascadeRcnnR50Fpn1xCoco;
