using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>
/// FCOS R-50-FPN with torchvision's <c>fcos_resnet50_fpn</c> settings: a pytorch-style ResNet-50 with
/// frozen BatchNorm and ImageNet RGB normalization, center sampling (radius 1.5), centerness on the
/// regression branch, distances normalized by the stride, GIoU box loss, and torchvision's
/// post-processing (score 0.2, NMS 0.6, 100 detections).
/// </summary>
[Experiment]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32)]
[ResNet(Style = ResNetStyle.Pytorch)]
[FrozenBatchNorm(At = "model.backbone.norm_cfg", Delete = true)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "torchvision://resnet50")]
[FcosHead(CenterSampling = true, CenterSampleRadius = 1.5, CenternessOnReg = true, NormOnBbox = true)]
[GIoULoss(At = "model.bbox_head.loss_bbox", Delete = true, LossWeight = 1.0)]
[DenseTestCfg(NmsPre = 1000, ScoreThr = 0.2, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.6)]
public partial record TorchvisionFcosR50Fpn : FcosR50Fpn1xCoco;
