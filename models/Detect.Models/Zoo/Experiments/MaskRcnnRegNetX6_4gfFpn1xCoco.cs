using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-6.4GF FPN, 1x schedule on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-6.4GF_fpn_1x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X6_4GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_6.4gf")]
[Fpn(InChannels = [168, 392, 784, 1624])]
public partial record MaskRcnnRegNetX6_4gfFpn1xCoco : MaskRcnnRegNetX3_2gfFpn1xCoco;
