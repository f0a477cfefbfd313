using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN with a RegNetX-4.0GF FPN, multi-scale 3x on COCO (MMDetection's <c>regnet/faster-rcnn_regnetx-4GF_fpn_ms-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X4_0GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_4.0gf")]
[Fpn(InChannels = [80, 240, 560, 1360])]
public partial record FasterRcnnRegNetX4gfFpnMs3xCoco : FasterRcnnRegNetX3_2gfFpnMs3xCoco;
