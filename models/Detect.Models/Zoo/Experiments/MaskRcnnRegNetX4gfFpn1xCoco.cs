using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-4.0GF FPN, 1x schedule on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-4GF_fpn_1x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X4_0GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_4.0gf")]
[Fpn(InChannels = [80, 240, 560, 1360])]
public partial record MaskRcnnRegNetX4gfFpn1xCoco : MaskRcnnRegNetX3_2gfFpn1xCoco;
