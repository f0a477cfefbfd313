using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// SSD300 with a VGG-16 for COCO (MMDetection's <c>_base_/models/ssd300.py</c>): BGR→RGB minus the ImageNet mean with unit
/// std, no padding; <c>SSDVGG</c> (ceil-mode pools, conv4_3 and conv7 out) from <c>open-mmlab://vgg16_caffe</c>; <c>SSDNeck</c>
/// with L2Norm 20 and four extra levels (38, 19, 10, 5, 3, 1 cells at 300×300); <c>SSDHead</c> with MMDetection's
/// <c>SSDAnchorGenerator</c> (sizes from (0.15, 0.9) at 300: 21 … 261 and 45 … 315) and deltas over stds 0.1, 0.1, 0.2, 0.2;
/// trained with IoU 0.5 matching and hard negative mining 3:1, smooth L1 with β 1.
/// </summary>
/// <remarks>
/// Not carried over: SSDVGG's <c>out_indices=(3, 4)</c> (MMDetection's SSDVGG returns the <c>out_feature_indices</c> outputs;
/// Detect's has only those) and the anchor generator's <c>scale_major=False</c> (MMDetection 3.x's
/// <c>SSDAnchorGenerator</c> takes no such argument; the anchor order is the generator's own).
/// </remarks>
[ConfigPart(ConfigPartKind.Model)]
[SingleStage]
[DetDataPreprocessor(Mean = [123.675, 116.28, 103.53], Std = [1.0, 1.0, 1.0], BgrToRgb = true, PadSizeDivisor = 1)]
[SsdVgg(Depth = 16, WithLastPool = false, CeilMode = true, OutFeatureIndices = [22, 34])]
[Pretrained(At = "model.backbone.init_cfg", Checkpoint = "open-mmlab://vgg16_caffe")]
[SsdNeck(InChannels = [512, 1024], OutChannels = [512, 1024, 512, 256, 256, 256], LevelStrides = [2, 2, 1, 1], LevelPaddings = [1, 1, 0, 0],
    L2NormScale = 20)]
[SsdHead(NumClasses = 80, InChannels = [512, 1024, 512, 256, 256, 256])]
[SsdAnchorGenerator(At = "model.bbox_head.anchor_generator", InputSize = 300, BasesizeRatioRange = [0.15, 0.9], Strides = [8, 16, 32, 64, 100, 300],
    Ratios = [2, 2, 3, 2, 3, 2, 3, 2, 2], RatioCounts = [1, 2, 2, 2, 1, 1])]
[DeltaXywhBBoxCoder(At = "model.bbox_head.bbox_coder", TargetMeans = [0.0, 0.0, 0.0, 0.0], TargetStds = [0.1, 0.1, 0.2, 0.2])]
[SmoothL1Loss(At = "model.bbox_head.loss_bbox", Beta = 1.0, LossWeight = 1.0)]
[DenseTrainCfg(AllowedBorder = -1, PosWeight = -1, NegPosRatio = 3, Debug = false)]
[MaxIoUAssigner(At = "model.train_cfg.assigner", PosIouThr = 0.5, NegIouThr = 0.5, MinPosIou = 0, IgnoreIofThr = -1, GtMaxAssignAll = false)]
[PseudoSampler(At = "model.train_cfg.sampler")]
[DenseTestCfg(NmsPre = 1000, MinBboxSize = 0, ScoreThr = 0.02, MaxPerImg = 200)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.45)]
public abstract record Ssd300;
