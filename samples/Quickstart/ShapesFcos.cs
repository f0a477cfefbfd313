using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;
using Detect.Models.Zoo;

namespace Quickstart;

/// <summary>
/// FCOS on a narrow ResNet-18 for the three shape classes, trained from scratch. Everything the run
/// does is declared here and in <see cref="ShapesDetection"/>; the generator checks it while you type
/// (change <c>InChannels</c> of the FPN, or drop a stride of the head, and the build fails naming both
/// sides) and writes the code that builds the model, pipelines, optimizer, schedules and hooks.
/// </summary>
[Experiment]
[BaseParts(typeof(ShapesDetection), typeof(DefaultRuntime))]
[Fcos]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32)]
// Half-width ResNet-18 (32, 64, 128, 256 channels), all of it trained: there are no pretrained weights.
[ResNet(Depth = 18, BaseChannels = 32, OutIndices = [0, 1, 2, 3], FrozenStages = -1, NormEval = false, Style = ResNetStyle.Pytorch)]
[BatchNorm(RequiresGrad = true)]
// Three levels at strides 8, 16, 32 cover shapes of 16–80 pixels.
[Fpn(InChannels = [32, 64, 128, 256], OutChannels = 64, StartLevel = 1, NumOuts = 3)]
[FcosHead(NumClasses = 3, InChannels = 64, FeatChannels = 64, StackedConvs = 2, Strides = [8, 16, 32],
    RegressRanges = [-1, 32, 32, 64, 64, double.PositiveInfinity], CenterSampling = true, CenterSampleRadius = 1.5,
    NormOnBbox = true, CenternessOnReg = true)]
[GroupNorm(At = "model.bbox_head.norm_cfg", NumGroups = 16, RequiresGrad = true)]
[FocalLoss(At = "model.bbox_head.loss_cls", UseSigmoid = true, Gamma = 2.0, Alpha = 0.25, LossWeight = 1.0)]
[GIoULoss(At = "model.bbox_head.loss_bbox", LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.bbox_head.loss_centerness", UseSigmoid = true, LossWeight = 1.0)]
[DenseTestCfg(NmsPre = 1000, MinBboxSize = 0, ScoreThr = 0.05, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.6)]
[EpochBasedTrainLoop(MaxEpochs = 8, ValInterval = 8)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 200)]
[CosineAnnealingLr(Begin = 0, End = 8, ByEpoch = true, EtaMin = 0.00002)]
[OptimWrapper]
[AdamW(Lr = 0.002, WeightDecay = 0.05)]
[ParamwiseCfg(NormDecayMult = 0.0, BiasDecayMult = 0.0)]
[ClipGrad(MaxNorm = 35, NormType = 2)]
[LoggerHook(Interval = 25, ProgressBar = true)]
[CheckpointHook(Interval = 1, MaxKeepCkpts = 2)]
[DetVisualizationHook(Draw = true, Interval = 4, ScoreThr = 0.3)]
[Runtime(Seed = 0)]
public partial record ShapesFcos;
