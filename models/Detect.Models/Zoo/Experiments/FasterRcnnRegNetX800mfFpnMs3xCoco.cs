using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN with a RegNetX-800MF FPN, multi-scale 3x on COCO (MMDetection's <c>regnet/faster-rcnn_regnetx-800MF_fpn_ms-3x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X800MF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_800mf")]
[Fpn(InChannels = [64, 128, 288, 672])]
public partial record FasterRcnnRegNetX800mfFpnMs3xCoco : FasterRcnnRegNetX3_2gfFpnMs3xCoco;
