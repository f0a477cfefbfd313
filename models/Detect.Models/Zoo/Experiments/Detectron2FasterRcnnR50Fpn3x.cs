using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// Detectron2's <c>COCO-Detection/faster_rcnn_R_50_FPN_3x</c> at inference (seed 001), for its weights converted by
/// <c>detect convert --from detectron2</c>: <see cref="FasterRcnnR50Fpn1xCoco"/> on the caffe-style MSRA ResNet-50 (stride in
/// the 1×1 conv, frozen BN), BGR input minus Detectron2's pixel mean [103.53, 116.28, 123.675] with unit std. Its RPN (1000
/// per level, 1000 per image, NMS 0.7) and box head (score 0.05, NMS 0.5, 100) test settings are MMDetection's, which are
/// Detectron2's; the background class is last in both.
/// </summary>
/// <remarks>
/// <para>Same as MMDetection already (Detectron2's Base-RCNN-FPN / Base-RetinaNet configs and modeling code as known to the author; not re-read line by line for this record): anchors (sizes 32-512, ratios
/// 0.5/1/2, centred on grid points, offset 0), box coding (Detectron2's weights (10, 10, 5, 5) are target_stds 0.1/0.2;
/// scale clamp log(1000/16)), no "+1", RoI level assignment (canonical 224 at level 4 = finest_scale 56),
/// RoIAlign aligned with sampling 0, FrozenBN eps 1e-5, caffe-style stride in the 1×1 conv (STRIDE_IN_1X1), padding to 32.</para>
/// <para>Still different from Detectron2: images are resized by Detect's test pipeline (MMDetection's Resize 1333×800 with
/// cv2-style bilinear interpolation) where Detectron2 resizes uint8 images with PIL (ResizeShortestEdge 800, max 1333), so
/// pixel values differ slightly; training (data, schedule, losses) is the MMDetection base's 1x, not Detectron2's 3x
/// multi-scale schedule — this record is for running Detectron2's weights. Detectron2's <c>detector_postprocess</c> also drops
/// detections whose box is empty after the final clip (a box wholly outside the image); this record keeps them (none arose in
/// the check below).</para>
/// <para>Checked against Detectron2's own code (its model-zoo yaml, narrow weights, the same resized pixels): 100 of 100
/// detections matched, score within 1e-4, IoU ≥ 0.999;
/// tests/Detect.Models.Tests/Converters/Detectron2ReferenceTests.cs, goldens from tests/golden/checkpoints/make_detectron2_goldens.py.</para>
/// </remarks>
[Experiment]
[DetDataPreprocessor(Mean = [103.53, 116.28, 123.675], Std = [1.0, 1.0, 1.0], BgrToRgb = false, PadSizeDivisor = 32)]
[ResNet(NormEval = true, Style = ResNetStyle.Caffe)]
[BatchNorm(At = "model.backbone.norm_cfg", RequiresGrad = false)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://detectron2/resnet50_caffe")]
public partial record Detectron2FasterRcnnR50Fpn3x : FasterRcnnR50Fpn1xCoco;
