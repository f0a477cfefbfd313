using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>
/// FCOS R-50 (caffe style) FPN with a GroupNorm head, 1x on COCO (MMDetection's
/// <c>fcos_r50-caffe_fpn_gn-head_1x_coco.py</c>): the model is declared here, data, schedule and
/// runtime come from the base parts; warmup is constant and the optimizer has param-wise options.
/// </summary>
[Experiment]
[BaseParts(typeof(CocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[Fcos]
[DetDataPreprocessor(Mean = [102.9801, 115.9465, 122.7717], Std = [1.0, 1.0, 1.0], BgrToRgb = false, PadSizeDivisor = 32)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Caffe)]
[BatchNorm(RequiresGrad = false)]
[Pretrained(Checkpoint = "open-mmlab://detectron/resnet50_caffe")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, StartLevel = 1, AddExtraConvs = ExtraConvs.OnOutput, NumOuts = 5, ReluBeforeExtraConvs = true)]
[FcosHead(NumClasses = 80, InChannels = 256, StackedConvs = 4, FeatChannels = 256, Strides = [8, 16, 32, 64, 128])]
[GroupNorm(At = "model.bbox_head.norm_cfg", NumGroups = 32, RequiresGrad = true)]
[FocalLoss(At = "model.bbox_head.loss_cls", UseSigmoid = true, Gamma = 2.0, Alpha = 0.25, LossWeight = 1.0)]
[IoULoss(At = "model.bbox_head.loss_bbox", LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.bbox_head.loss_centerness", UseSigmoid = true, LossWeight = 1.0)]
[DenseTestCfg(NmsPre = 1000, MinBboxSize = 0, ScoreThr = 0.05, MaxPerImg = 100)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.5)]
[ConstantLr(Factor = 1.0 / 3, ByEpoch = false, Begin = 0, End = 500)]
[MultiStepLr(Begin = 0, End = 12, ByEpoch = true, Milestones = [8, 11], Gamma = 0.1)]
[Sgd(Lr = 0.01)]
[ParamwiseCfg(BiasLrMult = 2.0, BiasDecayMult = 0.0)]
[ClipGrad(MaxNorm = 35, NormType = 2)]
public partial record FcosR50Fpn1xCoco;
