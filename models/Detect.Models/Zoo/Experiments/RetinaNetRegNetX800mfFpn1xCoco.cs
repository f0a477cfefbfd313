using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>RetinaNet with a RegNetX-800MF FPN, 1x schedule on COCO (MMDetection's <c>regnet/retinanet_regnetx-800MF_fpn_1x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X800MF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_800mf")]
[Fpn(InChannels = [64, 128, 288, 672])]
public partial record RetinaNetRegNetX800mfFpn1xCoco : RetinaNetRegNetX3_2gfFpn1xCoco;
