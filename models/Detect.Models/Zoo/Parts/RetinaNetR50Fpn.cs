using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>RetinaNet with a ResNet-50 FPN for COCO (MMDetection's <c>_base_/models/retinanet_r50_fpn.py</c>).</summary>
[ConfigPart(ConfigPartKind.Model)]
[RetinaNet]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[BatchNorm(RequiresGrad = true)]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, StartLevel = 1, AddExtraConvs = ExtraConvs.OnInput, NumOuts = 5)]
[RetinaHead(NumClasses = 80, InChannels = 256, StackedConvs = 4, FeatChannels = 256)]
[AnchorGenerator(At = "model.bbox_head.anchor_generator", OctaveBaseScale = 4, ScalesPerOctave = 3, Ratios = [0.5, 1.0, 2.0], Strides = [8, 16, 32, 64, 128])]
[DeltaXywhBBoxCoder(At = "model.bbox_head.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [1.0, 1.0, 1.0, 1.0])]
[FocalLoss(At = "model.bbox_head.loss_cls", UseSigmoid = true, Gamma = 2.0, Alpha = 0.25, LossWeight = 1.0)]
[L1Loss(At = "model.bbox_head.loss_bbox", LossWeight = 1.0)]
[DenseTrainCfg(AllowedBorder = -1, PosWeight = -1, Debug = false)]
[MaxIoUAssigner(At = "model.train_cfg.assigner", PosIouThr = 0.5, NegIouThr = 0.4, MinPosIou = 0, IgnoreIofThr = -1)]
[PseudoSampler(At = "model.train_cfg.sampler")]
[DenseTestCfg(NmsPre = 1000, MinBboxSize = 0, ScoreThr = 0.05, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.5)]
public abstract record RetinaNetR50Fpn;
