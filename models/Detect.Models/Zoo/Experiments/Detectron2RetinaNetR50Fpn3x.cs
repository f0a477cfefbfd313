using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// Detectron2's <c>COCO-Detection/retinanet_R_50_FPN_3x</c> at inference (seed 001), for its weights converted by
/// <c>detect convert --from detectron2</c>: <see cref="RetinaNetR50Fpn1xCoco"/> on the caffe-style MSRA ResNet-50 (stride in
/// the 1×1 conv, frozen BN), BGR input minus Detectron2's pixel mean [103.53, 116.28, 123.675] with unit std, and P7 computed
/// from ReLU(P6) as Detectron2's LastLevelP6P7 does (P6 from C5, as MMDetection's on_input). Test settings (score 0.05, 1000 per
/// level, NMS 0.5, 100) are MMDetection's, which are Detectron2's; but Detectron2's RetinaNet neither clips its decoded boxes nor
/// drops small ones before NMS: it clips (and drops empty boxes) only after the top 100, on the output image
/// (<c>detector_postprocess</c>), so the coder does not clip, <c>min_bbox_size</c> is off and <c>clip_after_nms</c> is on.
/// </summary>
/// <remarks>
/// <para>Anchor order: Detectron2 enumerates a location's anchors size-major, MMDetection ratio-major (scale_major=True); the
/// converter reorders <c>retina_cls</c>/<c>retina_reg</c>'s output channels, so this record keeps MMDetection's AnchorGenerator
/// unchanged (ScaleMajor is not set to false).</para>
/// <para>Same as MMDetection already (Detectron2's Base-RCNN-FPN / Base-RetinaNet configs and modeling code as known to the author; not re-read line by line for this record): anchors (sizes 32-512, ratios
/// 0.5/1/2, centred on grid points, offset 0), box coding (Detectron2's weights (10, 10, 5, 5) are target_stds 0.1/0.2;
/// scale clamp log(1000/16)), no "+1", RoI level assignment (canonical 224 at level 4 = finest_scale 56),
/// RoIAlign aligned with sampling 0, FrozenBN eps 1e-5, caffe-style stride in the 1×1 conv (STRIDE_IN_1X1), padding to 32.</para>
/// <para>Still different from Detectron2: images are resized by Detect's test pipeline (MMDetection's Resize 1333×800 with
/// cv2-style bilinear interpolation) where Detectron2 resizes uint8 images with PIL (ResizeShortestEdge 800, max 1333), so
/// pixel values differ slightly; training (data, schedule, losses) is the MMDetection base's 1x, not Detectron2's 3x
/// multi-scale schedule — this record is for running Detectron2's weights.</para>
/// <para>Checked against Detectron2's own code (its model-zoo yaml, narrow weights, the same resized pixels):
/// tests/Detect.Models.Tests/Converters/Detectron2ReferenceTests.cs, goldens from tests/golden/checkpoints/make_detectron2_goldens.py.
/// Clipping before NMS, as MMDetection does, lost one of Detectron2's 100 detections there.</para>
/// </remarks>
[Experiment]
[DetDataPreprocessor(Mean = [103.53, 116.28, 123.675], Std = [1.0, 1.0, 1.0], BgrToRgb = false, PadSizeDivisor = 32)]
[ResNet(NormEval = true, Style = ResNetStyle.Caffe)]
[BatchNorm(At = "model.backbone.norm_cfg", RequiresGrad = false)]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://detectron2/resnet50_caffe")]
[Fpn(ReluBeforeExtraConvs = true)]
[DeltaXywhBBoxCoder(At = "model.bbox_head.bbox_coder", ClipBorder = false)]
[DenseTestCfg(MinBboxSize = -1, ClipAfterNms = true)]
public partial record Detectron2RetinaNetR50Fpn3x : RetinaNetR50Fpn1xCoco;
