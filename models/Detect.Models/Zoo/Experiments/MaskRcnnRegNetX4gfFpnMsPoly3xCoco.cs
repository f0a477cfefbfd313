using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// Mask R-CNN with a RegNetX-4.0GF FPN, multi-scale 3x with polygon masks on COCO (MMDetection's
/// <c>regnet/mask-rcnn_regnetx-4GF_fpn_ms-poly-3x_coco.py</c>): <see cref="CocoInstanceMsPoly3x"/> and <see cref="ScheduleMs3x"/>,
/// weight decay 5e-5 and gradient clipping. As in MMDetection, this family keeps the ResNet-50 model's RGB normalization.
/// </summary>
[Experiment]
[BaseParts(typeof(MaskRcnnR50Fpn), typeof(CocoInstanceMsPoly3x), typeof(ScheduleMs3x), typeof(DefaultRuntime))]
[RegNet(Delete = true, Arch = RegNetXArch.X4_0GF, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[BatchNorm(At = "model.backbone.norm_cfg", RequiresGrad = true)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_4.0gf")]
[Fpn(InChannels = [80, 240, 560, 1360])]
[Sgd(Lr = 0.02, Momentum = 0.9, WeightDecay = 0.00005)]
[ClipGrad(MaxNorm = 35, NormType = 2)]
public partial record MaskRcnnRegNetX4gfFpnMsPoly3xCoco;
