using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>RetinaNet with a RegNetX-1.6GF FPN, 1x schedule on COCO (MMDetection's <c>regnet/retinanet_regnetx-1.6GF_fpn_1x_coco.py</c>).</summary>
[Experiment]
[RegNet(Arch = RegNetXArch.X1_6GF)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://regnetx_1.6gf")]
[Fpn(InChannels = [72, 168, 408, 912])]
public partial record RetinaNetRegNetX1_6gfFpn1xCoco : RetinaNetRegNetX3_2gfFpn1xCoco;
