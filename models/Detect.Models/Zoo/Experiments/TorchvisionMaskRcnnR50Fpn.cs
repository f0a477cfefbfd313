using Detect.Config;
using Detect.Evaluation;

namespace Detect.Models.Zoo;

/// <summary>
/// torchvision 0.14's <c>maskrcnn_resnet50_fpn</c>: <see cref="TorchvisionFasterRcnnR50Fpn"/> plus torchvision's mask branch
/// (RoIAlign 14×14 with sampling ratio 2 and aligned=False, four 256-channel convolutions, a deconvolution, 28×28 masks
/// thresholded at 0.5).
/// </summary>
[Experiment]
[MaskRcnn]
[SingleRoIExtractor(At = "model.roi_head.mask_roi_extractor", OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(At = "model.roi_head.mask_roi_extractor.roi_layer", OutputSize = 14, SamplingRatio = 2, Aligned = false)]
[FcnMaskHead(NumConvs = 4, InChannels = 256, ConvOutChannels = 256, NumClasses = 90)]
[CrossEntropyLoss(At = "model.roi_head.mask_head.loss_mask", UseMask = true, LossWeight = 1.0)]
[RcnnTrainCfg(MaskSize = 28)]
[RcnnTestCfg(MaskThrBinary = 0.5)]
[LoadAnnotations(At = "train_pipeline.1", WithMask = true)]
[LoadAnnotations(At = "test_pipeline.1", WithMask = true)]
[CocoMetric(Metric = [CocoMetricType.Bbox, CocoMetricType.Segm])]
public partial record TorchvisionMaskRcnnR50Fpn : TorchvisionFasterRcnnR50Fpn;
