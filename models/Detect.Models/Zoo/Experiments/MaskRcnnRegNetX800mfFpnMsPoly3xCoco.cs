using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-800MF FPN, multi-scale 3x with polygon masks on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-800MF_fpn_ms-poly-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X800MF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_800mf")]
[Fpn(InChannels = [64, 128, 288, 672])]
public partial record MaskRcnnRegNetX800mfFpnMsPoly3xCoco : MaskRcnnRegNetX4gfFpnMsPoly3xCoco;
