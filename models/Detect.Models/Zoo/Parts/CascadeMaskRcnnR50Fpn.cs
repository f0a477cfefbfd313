using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// Cascade Mask R-CNN with a ResNet-50 FPN for COCO (MMDetection's <c>_base_/models/cascade-mask-rcnn_r50_fpn.py</c>): the
/// cascade of <see cref="CascadeRcnnR50Fpn"/> plus one FCN mask head per stage (MMDetection writes one <c>mask_head</c>
/// dict and copies it per stage; here the three items are written out) behind a shared 14×14 mask extractor, 28×28 mask
/// targets in every stage's <c>train_cfg.rcnn</c>, and masks binarized at 0.5.
/// </summary>
[ConfigPart(ConfigPartKind.Model)]
[BaseParts(typeof(CascadeRcnnR50Fpn))]
[DetDataPreprocessor(PadMask = true)]
[SingleRoIExtractor(At = "model.roi_head.mask_roi_extractor", OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(At = "model.roi_head.mask_roi_extractor.roi_layer", OutputSize = 14, SamplingRatio = 0)]
[FcnMaskHead(At = "model.roi_head.mask_head", NumConvs = 4, InChannels = 256, ConvOutChannels = 256, NumClasses = 80)]
[FcnMaskHead(At = "model.roi_head.mask_head", NumConvs = 4, InChannels = 256, ConvOutChannels = 256, NumClasses = 80)]
[FcnMaskHead(At = "model.roi_head.mask_head", NumConvs = 4, InChannels = 256, ConvOutChannels = 256, NumClasses = 80)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.0.loss_mask", UseMask = true, LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.1.loss_mask", UseMask = true, LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.2.loss_mask", UseMask = true, LossWeight = 1.0)]
[RcnnTrainCfg(At = "model.train_cfg.rcnn.0", MaskSize = 28)]
[RcnnTrainCfg(At = "model.train_cfg.rcnn.1", MaskSize = 28)]
[RcnnTrainCfg(At = "model.train_cfg.rcnn.2", MaskSize = 28)]
[RcnnTestCfg(MaskThrBinary = 0.5)]
public abstract record CascadeMaskRcnnR50Fpn;
