using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>
/// ATSS R-50-FPN, 1x schedule on COCO (MMDetection's <c>atss_r50_fpn_1x_coco.py</c>): one square anchor per location
/// (octave base scale 8), targets by adaptive training sample selection (top 9 per level), a GN head with a centerness
/// branch and a GIoU box loss; data, schedule and runtime come from the base parts.
/// </summary>
[Experiment]
[BaseParts(typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[Atss]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[BatchNorm(RequiresGrad = true)]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, StartLevel = 1, AddExtraConvs = ExtraConvs.OnOutput, NumOuts = 5)]
[AtssHead(NumClasses = 80, InChannels = 256, StackedConvs = 4, FeatChannels = 256)]
[AnchorGenerator(At = "model.bbox_head.anchor_generator", Ratios = [1.0], OctaveBaseScale = 8, ScalesPerOctave = 1, Strides = [8, 16, 32, 64, 128])]
[DeltaXywhBBoxCoder(At = "model.bbox_head.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
[FocalLoss(At = "model.bbox_head.loss_cls", UseSigmoid = true, Gamma = 2.0, Alpha = 0.25, LossWeight = 1.0)]
[GIoULoss(At = "model.bbox_head.loss_bbox", LossWeight = 2.0)]
[CrossEntropyLoss(At = "model.bbox_head.loss_centerness", UseSigmoid = true, LossWeight = 1.0)]
[DenseTrainCfg(AllowedBorder = -1, PosWeight = -1, Debug = false)]
[AtssAssigner(At = "model.train_cfg.assigner", Topk = 9)]
[DenseTestCfg(NmsPre = 1000, MinBboxSize = 0, ScoreThr = 0.05, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.6)]
[Sgd(Lr = 0.01, Momentum = 0.9, WeightDecay = 0.0001)]
public partial record AtssR50Fpn1xCoco;
