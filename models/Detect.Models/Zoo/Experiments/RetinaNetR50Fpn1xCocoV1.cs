using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// RetinaNet R-50-FPN with MMDetection V1.x's legacy settings (MMDetection's <c>legacy_1.x/retinanet_r50_fpn_1x_coco_v1.py</c>,
/// seed 000), for weights converted by <c>detect convert --from mmdet-v1</c>: V1's "+1" anchors centred at 0.5 and box
/// deltas, smooth-L1 box loss with β = 0.11.
/// </summary>
[Experiment]
[LegacyAnchorGenerator(At = "model.bbox_head.anchor_generator", Delete = true, CenterOffset = 0.5, OctaveBaseScale = 4, ScalesPerOctave = 3,
    Ratios = [0.5, 1.0, 2.0], Strides = [8, 16, 32, 64, 128])]
[LegacyDeltaXywhBBoxCoder(At = "model.bbox_head.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [1.0, 1.0, 1.0, 1.0])]
[SmoothL1Loss(At = "model.bbox_head.loss_bbox", Delete = true, Beta = 0.11, LossWeight = 1.0)]
public partial record RetinaNetR50Fpn1xCocoV1 : RetinaNetR50Fpn1xCoco;
