using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN with a RegNetX-400MF FPN, multi-scale 3x on COCO (MMDetection's <c>regnet/faster-rcnn_regnetx-400MF_fpn_ms-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X400MF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_400mf")]
[Fpn(InChannels = [32, 64, 160, 384])]
public partial record FasterRcnnRegNetX400mfFpnMs3xCoco : FasterRcnnRegNetX3_2gfFpnMs3xCoco;
