using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN with a RegNetX-1.6GF FPN, multi-scale 3x on COCO (MMDetection's <c>regnet/faster-rcnn_regnetx-1.6GF_fpn_ms-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X1_6GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_1.6gf")]
[Fpn(InChannels = [72, 168, 408, 912])]
public partial record FasterRcnnRegNetX1_6gfFpnMs3xCoco : FasterRcnnRegNetX3_2gfFpnMs3xCoco;
