using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>
/// RetinaNet R-50-FPN with torchvision's <c>retinanet_resnet50_fpn</c> settings: frozen BatchNorm, P6
/// from P5 with a ReLU before P7 (torchvision's LastLevelP6P7), anchor sizes x, int(x·2^⅓), int(x·2^⅔)
/// (scales 4, 5, 6.25 of the stride, rounded), and 300 detections per image.
/// </summary>
[Experiment]
[FrozenBatchNorm(At = "model.backbone.norm_cfg", Delete = true)]
[Fpn(AddExtraConvs = ExtraConvs.OnOutput, ReluBeforeExtraConvs = true)]
[AnchorGenerator(At = "model.bbox_head.anchor_generator", Delete = true, Strides = [8, 16, 32, 64, 128], Ratios = [0.5, 1.0, 2.0],
    Scales = [4.0, 5.0, 6.25], RoundBaseAnchors = true)]
[DenseTestCfg(NmsPre = 1000, ScoreThr = 0.05, MaxPerImg = 300)]
public partial record TorchvisionRetinaNetR50Fpn : RetinaNetR50Fpn1xCoco;
