using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// RetinaNet with a RegNetX-3.2GF FPN, 1x schedule on COCO (MMDetection's <c>regnet/retinanet_regnetx-3.2GF_fpn_1x_coco.py</c>):
/// pycls' RegNetX-3.2GF and normalization, weight decay 5e-5 and gradient clipping (seed 003: needed to train RegNet RetinaNets at lr 0.02).
/// </summary>
[Experiment]
[BaseParts(typeof(RetinaNetR50Fpn), typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
// pycls' ImageNet normalization (BGR, its own mean and std), as the RegNet weights were trained.
[DetDataPreprocessor(Mean = [103.53, 116.28, 123.675], Std = [57.375, 57.12, 58.395], BgrToRgb = false)]
[RegNet(Delete = true, Arch = RegNetXArch.X3_2GF, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[BatchNorm(At = "model.backbone.norm_cfg", RequiresGrad = true)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_3.2gf")]
[Fpn(InChannels = [96, 192, 432, 1008])]
[Sgd(Lr = 0.02, Momentum = 0.9, WeightDecay = 0.00005)]
[ClipGrad(MaxNorm = 35, NormType = 2)]
public partial record RetinaNetRegNetX3_2gfFpn1xCoco;
