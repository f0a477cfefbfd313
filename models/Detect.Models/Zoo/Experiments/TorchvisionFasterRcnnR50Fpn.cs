using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// torchvision 0.14's <c>fasterrcnn_resnet50_fpn</c>, so its converted COCO weights (<c>detect convert --from torchvision
/// --arch fasterrcnn_resnet50_fpn</c>) give torchvision's detections and losses: its input transform (resize to 800, at most
/// 1333, inside the model), frozen BatchNorm with the stem and layer1 frozen (<c>trainable_backbone_layers=3</c>), its anchors
/// (sizes 32 … 512, rounded, strides measured on the batch), box coder and IoU matcher, RoIAlign with aligned=False and
/// sampling ratio 2, smooth-L1 β = 1/9, its proposal counts and post-processing (NMS class by class above 1000 boxes, as
/// <c>batched_nms</c> on the CPU). 90 classes: torchvision's 91 without the background (<see cref="TorchvisionCocoDetection"/>).
/// </summary>
/// <remarks>
/// torchvision's builder arguments are keys here: <c>min_size</c>/<c>max_size</c> → <c>model.data_preprocessor.min_size</c>/<c>max_size</c>;
/// <c>trainable_backbone_layers</c> t → <c>model.backbone.frozen_stages</c> 4 − t; <c>rpn_pre_nms_top_n_train</c>,
/// <c>rpn_post_nms_top_n_train</c>, <c>rpn_nms_thresh</c> → <c>model.train_cfg.rpn_proposal.nms_pre</c>, <c>max_per_img</c>,
/// <c>nms.iou_threshold</c>; <c>rpn_batch_size_per_image</c>/<c>rpn_positive_fraction</c> → <c>model.train_cfg.rpn.sampler.num</c>/<c>pos_fraction</c>;
/// <c>box_batch_size_per_image</c>/<c>box_positive_fraction</c> → <c>model.train_cfg.rcnn.sampler.num</c>/<c>pos_fraction</c>.
/// The schedule is MMDetection's 1x, not torchvision's reference script's.
/// </remarks>
[Experiment]
[BaseParts(typeof(TorchvisionCocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[FasterRcnn]
[TorchvisionDataPreprocessor(MinSize = 800, MaxSize = 1333)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[FrozenBatchNorm(At = "model.backbone.norm_cfg")]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, NumOuts = 5)]
[RpnHead(InChannels = 256, FeatChannels = 256)]
[TorchvisionAnchorGenerator(At = "model.rpn_head.anchor_generator", Strides = [4, 8, 16, 32, 64], Sizes = [32, 64, 128, 256, 512],
    AspectRatios = [0.5, 1.0, 2.0])]
[TorchvisionBoxCoder(At = "model.rpn_head.bbox_coder", Weights = [1.0, 1.0, 1.0, 1.0])]
[CrossEntropyLoss(At = "model.rpn_head.loss_cls", UseSigmoid = true, LossWeight = 1.0)]
[SmoothL1Loss(At = "model.rpn_head.loss_bbox", Beta = 1.0 / 9, LossWeight = 1.0)]
[StandardRoIHead]
[SingleRoIExtractor(OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(OutputSize = 7, SamplingRatio = 2, Aligned = false)]
[Shared2FcBBoxHead(InChannels = 256, FcOutChannels = 1024, RoiFeatSize = 7, NumClasses = 90, RegClassAgnostic = false)]
[TorchvisionBoxCoder(At = "model.roi_head.bbox_head.bbox_coder", Weights = [10.0, 10.0, 5.0, 5.0])]
[CrossEntropyLoss(At = "model.roi_head.bbox_head.loss_cls", UseSigmoid = false, LossWeight = 1.0)]
[SmoothL1Loss(At = "model.roi_head.bbox_head.loss_bbox", Beta = 1.0 / 9, LossWeight = 1.0)]
[TwoStageTrainCfg]
[DenseTrainCfg(At = "model.train_cfg.rpn")]
[TorchvisionMatcher(At = "model.train_cfg.rpn.assigner", HighThreshold = 0.7, LowThreshold = 0.3, AllowLowQualityMatches = true)]
[RandomSampler(At = "model.train_cfg.rpn.sampler", Num = 256, PosFraction = 0.5, AddGtAsProposals = false)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", NmsPre = 2000, MaxPerImg = 2000, MinBboxSize = 0.001)]
[Nms(At = "model.train_cfg.rpn_proposal.nms", IouThreshold = 0.7, SplitThr = 1001)]
[RcnnTrainCfg]
[TorchvisionMatcher(At = "model.train_cfg.rcnn.assigner", HighThreshold = 0.5, LowThreshold = 0.5)]
[RandomSampler(At = "model.train_cfg.rcnn.sampler", Num = 512, PosFraction = 0.25, AddGtAsProposals = true)]
[ProposalCfg(NmsPre = 1000, MaxPerImg = 1000, MinBboxSize = 0.001)]
[Nms(At = "model.test_cfg.rpn.nms", IouThreshold = 0.7, SplitThr = 1001)]
[RcnnTestCfg(ScoreThr = 0.05, MaxPerImg = 100, MinBboxSize = 0.01)]
[Nms(At = "model.test_cfg.rcnn.nms", IouThreshold = 0.5, SplitThr = 1001)]
public partial record TorchvisionFasterRcnnR50Fpn;
