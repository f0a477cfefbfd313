using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// <see cref="RetinaNetR50Fpn1xCocoV1"/> on Detectron's caffe-style ResNet-50 (MMDetection's
/// <c>legacy_1.x/retinanet_r50-caffe_fpn_1x_coco_v1.py</c>, seed 000): stride in the 1×1 convolutions, frozen BatchNorm
/// affine parameters, BGR input minus Detectron's pixel mean with unit std, weights <c>open-mmlab://detectron/resnet50_caffe</c>.
/// </summary>
[Experiment]
[DetDataPreprocessor(Mean = [102.9801, 115.9465, 122.7717], Std = [1.0, 1.0, 1.0], BgrToRgb = false, PadSizeDivisor = 32)]
[ResNet(NormEval = true, Style = ResNetStyle.Caffe)]
[BatchNorm(At = "model.backbone.norm_cfg", RequiresGrad = false)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://detectron/resnet50_caffe")]
public partial record RetinaNetR50CaffeFpn1xCocoV1 : RetinaNetR50Fpn1xCocoV1;
