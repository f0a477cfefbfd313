using Detect.Config;
using Detect.Models.Backbones;
using Detect.Models.DenseHeads;
using Detect.Models.Necks;

namespace Detect.Models.Zoo;

/// <summary>
/// torchvision 0.14's <c>fcos_resnet50_fpn</c>: its input transform, frozen BatchNorm, P6/P7 as RetinaNet's, a GroupNorm head
/// whose convolutions keep their bias, points on torchvision's anchor centres (cell corners, strides measured on the batch),
/// its point assignment (<c>TorchvisionFcosMatcher</c>, centre radius 1.5), an unweighted GIoU loss over the positives, and its
/// post-processing (√(class · centerness) above 0.2, NMS 0.6, 100 per image). 90 classes (<see cref="TorchvisionCocoDetection"/>).
/// </summary>
[Experiment]
[BaseParts(typeof(TorchvisionCocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[Fcos]
[TorchvisionDataPreprocessor(MinSize = 800, MaxSize = 1333)]
[ResNet(Depth = 50, NumStages = 4, OutIndices = [0, 1, 2, 3], FrozenStages = 1, NormEval = true, Style = ResNetStyle.Pytorch)]
[FrozenBatchNorm(At = "model.backbone.norm_cfg")]
[Pretrained(Checkpoint = "torchvision://resnet50")]
[Fpn(InChannels = [256, 512, 1024, 2048], OutChannels = 256, StartLevel = 1, AddExtraConvs = ExtraConvs.OnOutput, ReluBeforeExtraConvs = true, NumOuts = 5)]
[FcosHead(NumClasses = 90, InChannels = 256, StackedConvs = 4, FeatChannels = 256, Strides = [8, 16, 32, 64, 128], CenterSampling = true,
    CenterSampleRadius = 1.5, NormOnBbox = true, CenternessOnReg = true, ConvBias = true, CenternessScoring = CenternessScoring.GeometricMean,
    WeightBboxByCenterness = false)]
[GroupNorm(At = "model.bbox_head.norm_cfg", NumGroups = 32)]
[MlvlPointGenerator(At = "model.bbox_head.prior_generator", Strides = [8, 16, 32, 64, 128], Offset = 0, StridesFromBatch = true)]
[TorchvisionFcosMatcher(At = "model.bbox_head.assigner", CenterSamplingRadius = 1.5)]
[FocalLoss(At = "model.bbox_head.loss_cls", UseSigmoid = true, Gamma = 2.0, Alpha = 0.25, LossWeight = 1.0)]
[GIoULoss(At = "model.bbox_head.loss_bbox", LossWeight = 1.0)]
[CrossEntropyLoss(At = "model.bbox_head.loss_centerness", UseSigmoid = true, LossWeight = 1.0)]
[DenseTestCfg(NmsPre = 1000, ScoreThr = 0.2, MaxPerImg = 100, MinBboxSize = -1)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.6, SplitThr = 1001)]
public partial record TorchvisionFcosR50Fpn;
