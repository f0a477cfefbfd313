using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Zoo;

namespace Quickstart;

/// <summary>
/// Cascade R-CNN (the zoo's three-stage <see cref="CascadeRcnnR50Fpn"/>) on the shapes data, trained from scratch with the
/// Quickstart's schedule: the same half-width ResNet-18 as <see cref="ShapesFcos"/>, a 64-channel FPN, anchors one octave
/// smaller (16–256 pixels: the shapes are 16–80), narrower box heads, three classes in every stage, and fewer proposals and
/// sampled RoIs than COCO's (at most 5 objects on a 192-pixel image: 300 proposals, 128 RoIs per stage). Not what the Quickstart
/// runs; train it with <c>detect train ShapesCascadeRcnn --assembly samples/Quickstart/bin/Release/net10.0/Quickstart.dll</c>
/// from the repository root after the Quickstart made <c>data/shapes</c>.
/// </summary>
[Experiment]
[BaseParts(typeof(CascadeRcnnR50Fpn), typeof(ShapesDetection), typeof(DefaultRuntime))]
[ResNet(Depth = 18, BaseChannels = 32, OutIndices = [0, 1, 2, 3], FrozenStages = -1, NormEval = false, Style = ResNetStyle.Pytorch)]
[Unset("model.backbone.init_cfg")]
[Fpn(InChannels = [32, 64, 128, 256], OutChannels = 64, NumOuts = 5)]
[RpnHead(InChannels = 64, FeatChannels = 64)]
[AnchorGenerator(At = "model.rpn_head.anchor_generator", Scales = [4])]
[SingleRoIExtractor(OutChannels = 64)]
[Shared2FcBBoxHead(At = "model.roi_head.bbox_head.0", InChannels = 64, FcOutChannels = 256, NumClasses = 3)]
[Shared2FcBBoxHead(At = "model.roi_head.bbox_head.1", InChannels = 64, FcOutChannels = 256, NumClasses = 3)]
[Shared2FcBBoxHead(At = "model.roi_head.bbox_head.2", InChannels = 64, FcOutChannels = 256, NumClasses = 3)]
[ProposalCfg(At = "model.train_cfg.rpn_proposal", NmsPre = 1000, MaxPerImg = 300)]
[RandomSampler(At = "model.train_cfg.rcnn.0.sampler", Num = 128)]
[RandomSampler(At = "model.train_cfg.rcnn.1.sampler", Num = 128)]
[RandomSampler(At = "model.train_cfg.rcnn.2.sampler", Num = 128)]
[ProposalCfg(NmsPre = 1000, MaxPerImg = 300)]
[EpochBasedTrainLoop(MaxEpochs = 8, ValInterval = 8)]
[LinearLr(StartFactor = 0.001, ByEpoch = false, Begin = 0, End = 200)]
[CosineAnnealingLr(Begin = 0, End = 8, ByEpoch = true, EtaMin = 0.00002)]
[OptimWrapper]
[AdamW(Lr = 0.002, WeightDecay = 0.05)]
[ParamwiseCfg(NormDecayMult = 0.0, BiasDecayMult = 0.0)]
[ClipGrad(MaxNorm = 35, NormType = 2)]
[LoggerHook(Interval = 25, ProgressBar = true)]
[CheckpointHook(Interval = 1, MaxKeepCkpts = 2)]
[Runtime(Seed = 0)]
public partial record ShapesCascadeRcnn;
