using Detect.Config;

namespace Detect.Models.Zoo;

/// <summary>
/// torchvision 0.14's <c>ssd300_vgg16</c>: its input transform (every image resized to exactly 300×300, mean
/// [0.48235, 0.45882, 0.40784] and std 1/255 on [0, 1] pixels, no padding), VGG-16 with ceil-mode pool3, pool5 3×3 s1,
/// dilated conv6 and conv7, the L2Norm (20) on conv4_3 and four extra levels (SSD300's six levels of 38, 19, 10, 5, 3, 1 cells),
/// its default boxes (<c>DefaultBoxGenerator</c>: scales 0.07 … 1.05, steps 8 … 300, clipped), its box coder (10, 10, 5, 5), and its
/// post-processing (softmax, per class the 400 best scores above 0.01 over all levels, NMS 0.45, 200 per image, no size
/// filter). 90 classes (<see cref="TorchvisionCocoDetection"/>).
/// </summary>
/// <remarks>
/// Training follows MMDetection's SSD loss (IoU 0.5 matching with low-quality matches, hard negative mining 3:1, smooth L1),
/// close to torchvision's but not checked against it: torchvision's <c>SSDMatcher</c> forces each box's best anchor, and
/// torchvision trains with its own photometric and expand/crop augmentations.
/// </remarks>
[Experiment]
[BaseParts(typeof(TorchvisionCocoDetection), typeof(Schedule1x), typeof(DefaultRuntime))]
[SingleStage]
[TorchvisionDataPreprocessor(MinSize = 300, MaxSize = 300, FixedSize = [300, 300], ImageMean = [0.48235, 0.45882, 0.40784],
    ImageStd = [1.0 / 255, 1.0 / 255, 1.0 / 255], SizeDivisible = 1)]
[SsdVgg(Depth = 16, WithLastPool = false, CeilMode = true, OutFeatureIndices = [22, 34])]
[Pretrained(Checkpoint = "torchvision://vgg16_features")]
[SsdNeck(InChannels = [512, 1024], OutChannels = [512, 1024, 512, 256, 256, 256], LevelStrides = [2, 2, 1, 1], LevelPaddings = [1, 1, 0, 0],
    L2NormScale = 20)]
[SsdHead(NumClasses = 90, InChannels = [512, 1024, 512, 256, 256, 256])]
[TorchvisionDefaultBoxGenerator(At = "model.bbox_head.anchor_generator", Strides = [8, 16, 32, 64, 100, 300],
    Scales = [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05], AspectRatios = [2, 2, 3, 2, 3, 2, 3, 2, 2], RatioCounts = [1, 2, 2, 2, 1, 1],
    Clip = true, InputSize = 300)]
[TorchvisionBoxCoder(At = "model.bbox_head.bbox_coder", Weights = [10.0, 10.0, 5.0, 5.0])]
[SmoothL1Loss(At = "model.bbox_head.loss_bbox", Beta = 1.0, LossWeight = 1.0)]
[DenseTrainCfg(NegPosRatio = 3)]
[TorchvisionMatcher(At = "model.train_cfg.assigner", HighThreshold = 0.5, LowThreshold = 0.5, AllowLowQualityMatches = true)]
[DenseTestCfg(NmsPre = 400, NmsPrePerClass = true, ScoreThr = 0.01, MaxPerImg = 200, MinBboxSize = -1)]
[Nms(At = "model.test_cfg.nms", IouThreshold = 0.45, SplitThr = 1001)]
public partial record TorchvisionSsd300Vgg16;
