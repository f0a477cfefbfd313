using Detect.Config;
using Detect.Models.Backbones;

namespace Detect.Models.Zoo;

/// <summary>
/// Cascade R-CNN with a ResNet-50 FPN for COCO (MMDetection's <c>_base_/models/cascade-rcnn_r50_fpn.py</c>), box branch:
/// three stages, each with its own class-agnostic box head (coder stds halving from stage to stage), its own
/// <c>train_cfg.rcnn</c> item (IoU 0.5 / 0.6 / 0.7) and loss weight (1 / 0.5 / 0.25). Items are appended to the list slots
/// in order and then reached by index (<c>model.roi_head.bbox_head.1.bbox_coder</c>, <c>model.train_cfg.rcnn.2.assigner</c>).
/// </summary>
[ConfigPart(ConfigPartKind.Model)]
[CascadeRcnn]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[BatchNorm(RequiresGrad = true)]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, NumOuts = 5)]
[RpnHead(InChannels = 256, FeatChannels = 256)]
[AnchorGenerator(At = "model.rpn_head.anchor_generator", Scales = [8], Ratios = [0.5, 1.0, 2.0], Strides = [4, 8, 16, 32, 64])]
[DeltaXywhBBoxCoder(At = "model.rpn_head.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [1.0, 1.0, 1.0, 1.0])]
[CrossEntropyLoss(At = "model.rpn_head.loss_cls", UseSigmoid = true, LossWeight = 1.0)]
[SmoothL1Loss(At = "model.rpn_head.loss_bbox", Beta = 1.0 / 9.0, LossWeight = 1.0)]
[CascadeRoIHead(NumStages = 3, StageLossWeights = [1, 0.5, 0.25])]
[SingleRoIExtractor(OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(OutputSize = 7, SamplingRatio = 0)]
[Shared2FcBBoxHead(InChannels = 256, FcOutChannels = 1024, RoiFeatSize = 7, NumClasses = 80, RegClassAgnostic = true)]
[Shared2FcBBoxHead(InChannels = 256, FcOutChannels = 1024, RoiFeatSize = 7, NumClasses = 80, RegClassAgnostic = true)]
[Shared2FcBBoxHead(InChannels = 256, FcOutChannels = 1024, RoiFeatSize = 7, NumClasses = 80, RegClassAgnostic = true)]
[DeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.0.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
[DeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.1.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.05, 0.05, 0.1, 0.1])]
[DeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.2.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.033, 0.033, 0.067, 0.067])]
[CrossEntropyLoss(At = "model.roi_head.bbox_head.0.loss_cls", UseSigmoid = false, LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.roi_head.bbox_head.1.loss_cls", UseSigmoid = false, LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.roi_head.bbox_head.2.loss_cls", UseSigmoid = false, LossWeight = 1.0)]
[SmoothL1Loss(At = "model.roi_head.bbox_head.0.loss_bbox", Beta = 1.0, LossWeight = 1.0)]
[SmoothL1Loss(At = "model.roi_head.bbox_head.1.loss_bbox", Beta = 1.0, LossWeight = 1.0)]
[SmoothL1Loss(At = "model.roi_head.bbox_head.2.loss_bbox", Beta = 1.0, LossWeight = 1.0)]
[MultiStageTrainCfg]
[MaxIoUAssigner(At = "model.train_cfg.rpn.assigner", PosIouThr = 0.7, NegIouThr = 0.3, MinPosIou = 0.3, MatchLowQuality = true, IgnoreIofThr = -1)]
[RandomSampler(At = "model.train_cfg.rpn.sampler", Num = 256, PosFraction = 0.5, NegPosUb = -1, AddGtAsProposals = false)]
[DenseTrainCfg(At = "model.train_cfg.rpn", AllowedBorder = 0, PosWeight = -1, Debug = false)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", NmsPre = 2000, MaxPerImg = 2000, MinBboxSize = 0)]
[Nms(At = "model.train_cfg.rpn_proposal.nms", IouThreshold = 0.7)]
[RcnnTrainCfg(PosWeight = -1, Debug = false)]
[RcnnTrainCfg(PosWeight = -1, Debug = false)]
[RcnnTrainCfg(PosWeight = -1, Debug = false)]
[MaxIoUAssigner(At = "model.train_cfg.rcnn.0.assigner", PosIouThr = 0.5, NegIouThr = 0.5, MinPosIou = 0.5, MatchLowQuality = false, IgnoreIofThr = -1)]
[MaxIoUAssigner(At = "model.train_cfg.rcnn.1.assigner", PosIouThr = 0.6, NegIouThr = 0.6, MinPosIou = 0.6, MatchLowQuality = false, IgnoreIofThr = -1)]
[MaxIoUAssigner(At = "model.train_cfg.rcnn.2.assigner", PosIouThr = 0.7, NegIouThr = 0.7, MinPosIou = 0.7, MatchLowQuality = false, IgnoreIofThr = -1)]
[RandomSampler(At = "model.train_cfg.rcnn.0.sampler", Num = 512, PosFraction = 0.25, NegPosUb = -1, AddGtAsProposals = true)]
[RandomSampler(At = "model.train_cfg.rcnn.1.sampler", Num = 512, PosFraction = 0.25, NegPosUb = -1, AddGtAsProposals = true)]
[RandomSampler(At = "model.train_cfg.rcnn.2.sampler", Num = 512, PosFraction = 0.25, NegPosUb = -1, AddGtAsProposals = true)]
[ProposalCfg(NmsPre = 1000, MaxPerImg = 1000, MinBboxSize = 0)]
[Nms(At = "model.test_cfg.rpn.nms", IouThreshold = 0.7)]
[RcnnTestCfg(ScoreThr = 0.05, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.rcnn.nms", IouThreshold = 0.5)]
public abstract record CascadeRcnnR50Fpn;
