using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.DenseHeads;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>
/// torchvision 0.14's <c>retinanet_resnet50_fpn</c>: its input transform, frozen BatchNorm, P6 from P5 with a ReLU before P7
/// (LastLevelP6P7), anchor sizes x, int(x·2^⅓), int(x·2^⅔) for x = 32 … 512 (strides measured on the batch), its box coder and
/// IoU matcher (0.5, 0.4, low-quality matches), losses averaged per image over its positives, and its post-processing (1000 per
/// level above 0.05, NMS 0.5, 300 per image, no size filter). 90 classes (<see cref="TorchvisionCocoDetection"/>).
/// </summary>
[Experiment]
[BaseParts(typeof(TorchvisionCocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[RetinaNet]
[TorchvisionDataPreprocessor(MinSize = 800, MaxSize = 1333)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[FrozenBatchNorm(At = "model.backbone.norm_cfg")]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, StartLevel = 1, AddExtraConvs = ExtraConvs.OnOutput, ReluBeforeExtraConvs = true, NumOuts = 5)]
[RetinaHead(NumClasses = 90, InChannels = 256, StackedConvs = 4, FeatChannels = 256)]
[TorchvisionAnchorGenerator(At = "model.bbox_head.anchor_generator", Strides = [8, 16, 32, 64, 128], Sizes = [32, 64, 128, 256, 512],
    ScalesPerOctave = 3, AspectRatios = [0.5, 1.0, 2.0])]
[TorchvisionBoxCoder(At = "model.bbox_head.bbox_coder", Weights = [1.0, 1.0, 1.0, 1.0])]
[FocalLoss(At = "model.bbox_head.loss_cls", UseSigmoid = true, Gamma = 2.0, Alpha = 0.25, LossWeight = 1.0)]
[L1Loss(At = "model.bbox_head.loss_bbox", LossWeight = 1.0)]
[DenseTrainCfg(LossNormalization = LossNormalization.PerImagePositives)]
[TorchvisionMatcher(At = "model.train_cfg.assigner", HighThreshold = 0.5, LowThreshold = 0.4, AllowLowQualityMatches = true)]
[DenseTestCfg(NmsPre = 1000, ScoreThr = 0.05, MaxPerImg = 300, MinBboxSize = -1)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.5, SplitThr = 1001)]
public partial record TorchvisionRetinaNetR50Fpn;
