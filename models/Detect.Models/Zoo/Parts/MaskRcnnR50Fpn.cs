using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// Mask R-CNN with a ResNet-50 FPN for COCO (MMDetection's <c>_base_/models/mask-rcnn_r50_fpn.py</c>):
/// Faster R-CNN's model plus a mask branch.
/// </summary>
[ConfigPart(ConfigPartKind.Model)]
[BaseParts(typeof(FasterRcnnR50Fpn))]
[MaskRcnn]
[DetDataPreprocessor(PadMask = true)]
[SingleRoIExtractor(At = "model.roi_head.mask_roi_extractor", OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(At = "model.roi_head.mask_roi_extractor.roi_layer", OutputSize = 14, SamplingRatio = 0)]
[FcnMaskHead(NumConvs = 4, InChannels = 256, ConvOutChannels = 256, NumClasses = 80)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.loss_mask", UseMask = true, LossWeight = 1.0)]
[MaxIoUAssigner(At = "model.train_cfg.rcnn.assigner", MatchLowQuality = true)]
[RcnnTrainCfg(MaskSize = 28)]
[RcnnTestCfg(MaskThrBinary = 0.5)]
public abstract record MaskRcnnR50Fpn;
