using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// Faster R-CNN R-50-FPN with torchvision's <c>fasterrcnn_resnet50_fpn</c> settings, so its converted
/// COCO weights (<c>detect convert --from torchvision</c>) reproduce torchvision's detections: frozen
/// BatchNorm, rounded base anchors, RoIAlign with aligned=false and sampling ratio 2, torchvision's
/// proposal counts and box post-processing.
/// </summary>
[Experiment]
[FrozenBatchNorm(At = "model.backbone.norm_cfg", Delete = true)]
[AnchorGenerator(At = "model.rpn_head.anchor_generator", RoundBaseAnchors = true)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", NmsPre = 2000, MaxPerImg = 2000, MinBboxSize = 0.001)]
[ProposalCfg(At = "model.test_cfg.rpn", NmsPre = 1000, MaxPerImg = 1000, MinBboxSize = 0.001)]
[RoIAlign(At = "model.roi_head.bbox_roi_extractor.roi_layer", OutputSize = 7, SamplingRatio = 2, Aligned = false)]
[RcnnTestCfg(ScoreThr = 0.05, MaxPerImg = 100)]
public partial record TorchvisionFasterRcnnR50Fpn : FasterRcnnR50Fpn1xCoco;
