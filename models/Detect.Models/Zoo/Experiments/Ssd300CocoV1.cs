using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// SSD300 with MMDetection V1.x's legacy settings (MMDetection's <c>legacy_1.x/ssd300_coco_v1.py</c>, seed 000), for weights
/// converted by <c>detect convert --from mmdet-v1</c>: <see cref="Ssd300Coco"/> with <c>LegacySSDAnchorGenerator</c> (anchors
/// centred at (stride − 1) / 2) and <c>LegacyDeltaXYWHBBoxCoder</c> ("+1" widths) with stds 0.1, 0.1, 0.2, 0.2.
/// </summary>
/// <remarks>
/// Only the model part is V1's. The legacy file builds on the same bases as <c>ssd300_coco.py</c> and restates SSD's data
/// recipe (batch 8, 5× repeated train set, SGD 2e-3); the version read for this record (MMDetection 2.x) wrote it in 2.x's
/// form (<c>data = dict(...)</c>, Normalize, photometric distortion first). Here data, schedule and runtime are
/// <see cref="Ssd300Coco"/>'s, the 3.x recipe, including its <c>CheckInvalidLossHook</c>, which the legacy file does not list.
/// </remarks>
[Experiment]
[LegacySsdAnchorGenerator(At = "model.bbox_head.anchor_generator", Delete = true, InputSize = 300, BasesizeRatioRange = [0.15, 0.9],
    Strides = [8, 16, 32, 64, 100, 300], Ratios = [2, 2, 3, 2, 3, 2, 3, 2, 2], RatioCounts = [1, 2, 2, 2, 1, 1])]
[LegacyDeltaXywhBBoxCoder(At = "model.bbox_head.bbox_coder", Delete = true, TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
public partial record Ssd300CocoV1 : Ssd300Coco;
