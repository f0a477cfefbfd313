using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-8.0GF FPN, 1x schedule on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-8GF_fpn_1x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X8_0GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_8.0gf")]
[Fpn(InChannels = [80, 240, 720, 1920])]
public partial record MaskRcnnRegNetX8gfFpn1xCoco : MaskRcnnRegNetX3_2gfFpn1xCoco;
