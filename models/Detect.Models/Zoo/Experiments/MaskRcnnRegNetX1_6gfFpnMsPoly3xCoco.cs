using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-1.6GF FPN, multi-scale 3x with polygon masks on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-1.6GF_fpn_ms-poly-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X1_6GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_1.6gf")]
[Fpn(InChannels = [72, 168, 408, 912])]
public partial record MaskRcnnRegNetX1_6gfFpnMsPoly3xCoco : MaskRcnnRegNetX4gfFpnMsPoly3xCoco;
