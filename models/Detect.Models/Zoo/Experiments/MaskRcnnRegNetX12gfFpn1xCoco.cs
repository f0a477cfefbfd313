using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Mask R-CNN with a RegNetX-12GF FPN, 1x schedule on COCO (MMDetection's <c>regnet/mask-rcnn_regnetx-12GF_fpn_1x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X12GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_12gf")]
[Fpn(InChannels = [224, 448, 896, 2240])]
public partial record MaskRcnnRegNetX12gfFpn1xCoco : MaskRcnnRegNetX3_2gfFpn1xCoco;
