using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-400MF FPN, multi-scale 3x with polygon masks on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-400MF_fpn_ms-poly-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X400MF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_400mf")]
[Fpn(InChannels = [32, 64, 160, 384])]
public partial record MaskRcnnRegNetX400mfFpnMsPoly3xCoco : MaskRcnnRegNetX4gfFpnMsPoly3xCoco;
