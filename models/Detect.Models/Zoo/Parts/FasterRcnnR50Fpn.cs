using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>Faster R-CNN with a ResNet-50 FPN for COCO (MMDetection's <c>_base_/models/faster-rcnn_r50_fpn.py</c>).</summary>
[ConfigPart(ConfigPartKind.Model)]
[FasterRcnn]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[BatchNorm(RequiresGrad = true)]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, NumOuts = 5)]
[RpnHead(InChannels = 256, FeatChannels = 256)]
[AnchorGenerator(At = "model.rpn_head.anchor_generator", Scales = [8], Ratios = [0.5, 1.0, 2.0], Strides = [4, 8, 16, 32, 64])]
[DeltaXywhBBoxCoder(At = "model.rpn_head.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [1.0, 1.0, 1.0, 1.0])]
[CrossEntropyLoss(At = "model.rpn_head.loss_cls", UseSigmoid = true, LossWeight = 1.0)]
[L1Loss(At = "model.rpn_head.loss_bbox", LossWeight = 1.0)]
[StandardRoIHead]
[SingleRoIExtractor(OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
[RoIAlign(OutputSize = 7, SamplingRatio = 0)]
[Shared2FcBBoxHead(InChannels = 256, FcOutChannels = 1024, RoiFeatSize = 7, NumClasses = 80, RegClassAgnostic = false)]
[DeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
[CrossEntropyLoss(At = "model.roi_head.bbox_head.loss_cls", UseSigmoid = false, LossWeight = 1.0)]
[L1Loss(At = "model.roi_head.bbox_head.loss_bbox", LossWeight = 1.0)]
[TwoStageTrainCfg]
[MaxIoUAssigner(At = "model.train_cfg.rpn.assigner", PosIouThr = 0.7, NegIouThr = 0.3, MinPosIou = 0.3, MatchLowQuality = true, IgnoreIofThr = -1)]
[RandomSampler(At = "model.train_cfg.rpn.sampler", Num = 256, PosFraction = 0.5, NegPosUb = -1, AddGtAsProposals = false)]
[DenseTrainCfg(At = "model.train_cfg.rpn", AllowedBorder = -1, PosWeight = -1, Debug = false)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", NmsPre = 2000, MaxPerImg = 1000, MinBboxSize = 0)]
[Nms(At = "model.train_cfg.rpn_proposal.nms", IouThreshold = 0.7)]
[RcnnTrainCfg(PosWeight = -1, Debug = false)]
[MaxIoUAssigner(At = "model.train_cfg.rcnn.assigner", PosIouThr = 0.5, NegIouThr = 0.5, MinPosIou = 0.5, MatchLowQuality = false, IgnoreIofThr = -1)]
[RandomSampler(At = "model.train_cfg.rcnn.sampler", Num = 512, PosFraction = 0.25, NegPosUb = -1, AddGtAsProposals = true)]
[ProposalCfg(NmsPre = 1000, MaxPerImg = 1000, MinBboxSize = 0)]
[Nms(At = "model.test_cfg.rpn.nms", IouThreshold = 0.7)]
[RcnnTestCfg(ScoreThr = 0.05, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.rcnn.nms", IouThreshold = 0.5)]
public abstract record FasterRcnnR50Fpn;
