using Detect.Config;

namespace Quickstart;

/// <summary>
/// Cascade Mask R-CNN on the shapes data: <see cref="ShapesCascadeRcnn"/> (same backbone, neck, RPN, three box stages and
/// schedule) with the masks of <see cref="ShapesInstance"/> and one FCN mask head per stage, as MMDetection's
/// <c>_base_/models/cascade-mask-rcnn_r50_fpn.py</c> adds them to the box-only cascade: a shared 14×14 mask extractor on the
/// 64-channel FPN, 28×28 targets in every stage, masks binarized at 0.5; at test time the three heads' probabilities are
/// averaged. The heads have two 32-channel convolutions instead of COCO's four of 256: on this small backbone the mask
/// heads of three stages (a few hundred positive RoIs per batch) would otherwise cost more than the rest of the model
/// together, on a 2-core CPU several seconds per iteration. Train it with
/// <c>detect train ShapesCascadeMaskRcnn --assembly samples/Quickstart/bin/Release/net10.0/Quickstart.dll</c> after the
/// Quickstart made <c>data/shapes</c>; it reports COCO's bbox and segm mAP.
/// </summary>
[Experiment]
[BaseParts(typeof(ShapesInstance))]
[DetDataPreprocessor(PadMask = true)]
[SingleRoIExtractor(At = "model.roi_head.mask_roi_extractor", OutChannels = 64, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(At = "model.roi_head.mask_roi_extractor.roi_layer", OutputSize = 14, SamplingRatio = 0)]
[FcnMaskHead(At = "model.roi_head.mask_head", NumConvs = 2, InChannels = 64, ConvOutChannels = 32, NumClasses = 3)]
[FcnMaskHead(At = "model.roi_head.mask_head", NumConvs = 2, InChannels = 64, ConvOutChannels = 32, NumClasses = 3)]
[FcnMaskHead(At = "model.roi_head.mask_head", NumConvs = 2, InChannels = 64, ConvOutChannels = 32, NumClasses = 3)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.0.loss_mask", UseMask = true, LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.1.loss_mask", UseMask = true, LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.2.loss_mask", UseMask = true, LossWeight = 1.0)]
[RcnnTrainCfg(At = "model.train_cfg.rcnn.0", MaskSize = 28)]
[RcnnTrainCfg(At = "model.train_cfg.rcnn.1", MaskSize = 28)]
[RcnnTrainCfg(At = "model.train_cfg.rcnn.2", MaskSize = 28)]
[RcnnTestCfg(MaskThrBinary = 0.5)]
public partial record ShapesCascadeMaskRcnn : ShapesCascadeRcnn;
