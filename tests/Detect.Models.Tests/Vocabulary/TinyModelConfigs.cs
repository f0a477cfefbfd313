using Detect.Config;
using Detect.Models.Necks;
using Detect.Models.Tests.Detectors;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Vocabulary;

/// <summary>
/// The small detectors of <see cref="SmallDetectors"/> written as configs (ResNet-18 at base width 8, a 16-channel FPN,
/// three classes), so a model component under test is placed into a detector config and the whole model is built by the
/// generated <c>Build()</c> and run once (a training loss and a prediction) on two odd-sized images.
/// </summary>
internal static class TinyModelConfigs
{
    static DetDataPreprocessorConfig Preprocessor => new()
    {
        Mean = [123.675, 116.28, 103.53], Std = [58.395, 57.12, 57.375], BgrToRgb = true, PadSizeDivisor = 32, PadMask = true,
    };

    public static ResNetConfig Backbone => new() { Depth = 18, BaseChannels = 8, NormCfg = new BatchNormConfig() };

    public static FpnConfig Neck => new() { InChannels = [8, 16, 32, 64], OutChannels = 16, NumOuts = 5 };

    static NmsConfig Nms(double iou) => new() { IouThreshold = iou };

    public static RetinaNetConfig RetinaNet => new()
    {
        DataPreprocessor = Preprocessor, Backbone = Backbone,
        Neck = Neck with { StartLevel = 1, AddExtraConvs = ExtraConvs.OnInput },
        BboxHead = new RetinaHeadConfig
        {
            NumClasses = SmallDetectors.NumClasses, InChannels = 16, FeatChannels = 16, StackedConvs = 1,
            AnchorGenerator = new AnchorGeneratorConfig { Strides = [8, 16, 32, 64, 128], OctaveBaseScale = 4, ScalesPerOctave = 3 },
            BboxCoder = new DeltaXywhBBoxCoderConfig(),
            LossCls = new FocalLossConfig { UseSigmoid = true, Gamma = 2, Alpha = 0.25 },
            LossBbox = new L1LossConfig(),
        },
        TrainCfg = new DenseTrainCfgConfig { Assigner = new MaxIoUAssignerConfig { PosIouThr = 0.5, NegIouThr = 0.4 }, Sampler = new PseudoSamplerConfig() },
        TestCfg = new DenseTestCfgConfig { NmsPre = 100, ScoreThr = 0, Nms = Nms(0.5), MaxPerImg = 10 },
    };

    public static FcosConfig Fcos => new()
    {
        DataPreprocessor = Preprocessor, Backbone = Backbone,
        Neck = Neck with { StartLevel = 1, AddExtraConvs = ExtraConvs.OnOutput, ReluBeforeExtraConvs = true },
        BboxHead = new FcosHeadConfig
        {
            NumClasses = SmallDetectors.NumClasses, InChannels = 16, FeatChannels = 16, StackedConvs = 1, Strides = [8, 16, 32, 64, 128],
            NormCfg = new GroupNormConfig { NumGroups = 8 }, CenterSampling = true, NormOnBbox = true, CenternessOnReg = true,
        },
        TestCfg = new DenseTestCfgConfig { NmsPre = 100, ScoreThr = 0, Nms = Nms(0.5), MaxPerImg = 10 },
    };

    /// <summary>ATSS: one square anchor per cell, ATSS assignment (top 3), a GN head with centerness and a GIoU box loss.</summary>
    public static AtssConfig Atss => new()
    {
        DataPreprocessor = Preprocessor, Backbone = Backbone,
        Neck = Neck with { StartLevel = 1, AddExtraConvs = ExtraConvs.OnOutput },
        BboxHead = new AtssHeadConfig
        {
            NumClasses = SmallDetectors.NumClasses, InChannels = 16, FeatChannels = 16, StackedConvs = 1, PredKernelSize = 3,
            NormCfg = new GroupNormConfig { NumGroups = 8 },
            AnchorGenerator = new AnchorGeneratorConfig { Strides = [8, 16, 32, 64, 128], Ratios = [1.0], OctaveBaseScale = 8, ScalesPerOctave = 1 },
            BboxCoder = new DeltaXywhBBoxCoderConfig { TargetMeans = [0, 0, 0, 0], TargetStds = [0.1, 0.1, 0.2, 0.2] },
            LossCls = new FocalLossConfig { UseSigmoid = true, Gamma = 2, Alpha = 0.25 },
            LossBbox = new GIoULossConfig { LossWeight = 2 },
            LossCenterness = new CrossEntropyLossConfig { UseSigmoid = true },
        },
        TrainCfg = new DenseTrainCfgConfig { Assigner = new AtssAssignerConfig { Topk = 3 } },
        TestCfg = new DenseTestCfgConfig { NmsPre = 100, ScoreThr = 0, Nms = Nms(0.6), MaxPerImg = 10 },
    };

    /// <summary>
    /// SSD (MMDetection's <c>SingleStageDetector</c> with an <c>SSDHead</c>): torchvision's fixed 64×64 resize, a VGG-16 of base
    /// width 4 (conv4_3 at stride 8, conv7 at 16), two extra neck levels, torchvision's default boxes (4, 6, 4, 4 per cell).
    /// </summary>
    public static SingleStageConfig Ssd => new()
    {
        DataPreprocessor = new TorchvisionDataPreprocessorConfig { MinSize = 64, MaxSize = 64, FixedSize = [64, 64], SizeDivisible = 1 },
        Backbone = new SsdVggConfig { Depth = 16, CeilMode = true, OutFeatureIndices = [22, 34], BaseChannels = 4, FcChannels = 16 },
        Neck = new SsdNeckConfig { InChannels = [32, 16], OutChannels = [32, 16, 16, 8], LevelStrides = [2, 2], LevelPaddings = [1, 1], L2NormScale = 20 },
        BboxHead = new SsdHeadConfig
        {
            NumClasses = SmallDetectors.NumClasses, InChannels = [32, 16, 16, 8],
            AnchorGenerator = new TorchvisionDefaultBoxGeneratorConfig
            {
                Strides = [8, 16, 32, 64], Scales = [0.1, 0.2, 0.4, 0.7, 1.0], AspectRatios = [2, 2, 3, 2, 2], RatioCounts = [1, 2, 1, 1], Clip = true, InputSize = 64,
            },
            BboxCoder = new TorchvisionBoxCoderConfig { Weights = [10, 10, 5, 5] },
            LossBbox = new SmoothL1LossConfig { Beta = 1.0 },
        },
        TrainCfg = new DenseTrainCfgConfig { Assigner = new MaxIoUAssignerConfig { PosIouThr = 0.5, NegIouThr = 0.5 }, Sampler = new PseudoSamplerConfig(), NegPosRatio = 3 },
        TestCfg = new DenseTestCfgConfig { NmsPre = 100, NmsPrePerClass = true, ScoreThr = 0, Nms = Nms(0.45), MaxPerImg = 10 },
    };

    public static FasterRcnnConfig FasterRcnn => new()
    {
        DataPreprocessor = Preprocessor, Backbone = Backbone, Neck = Neck,
        RpnHead = new RpnHeadConfig
        {
            InChannels = 16, FeatChannels = 16,
            AnchorGenerator = new AnchorGeneratorConfig { Strides = [4, 8, 16, 32, 64], Scales = [8] },
        },
        RoiHead = new StandardRoIHeadConfig
        {
            BboxRoiExtractor = new SingleRoIExtractorConfig { RoiLayer = new RoIAlignConfig { OutputSize = 7 }, OutChannels = 16, FeatmapStrides = [4, 8, 16, 32] },
            BboxHead = new Shared2FcBBoxHeadConfig { NumClasses = SmallDetectors.NumClasses, InChannels = 16, FcOutChannels = 32 },
        },
        TrainCfg = new TwoStageTrainCfgConfig
        {
            Rpn = new DenseTrainCfgConfig
            {
                Assigner = new MaxIoUAssignerConfig { PosIouThr = 0.7, NegIouThr = 0.3, MinPosIou = 0.3 },
                Sampler = new RandomSamplerConfig { Num = 64, PosFraction = 0.5, AddGtAsProposals = false },
            },
            RpnProposal = new ProposalCfgConfig { NmsPre = 200, MaxPerImg = 100, Nms = Nms(0.7) },
            Rcnn = new RcnnTrainCfgConfig
            {
                Assigner = new MaxIoUAssignerConfig { PosIouThr = 0.5, NegIouThr = 0.5, MinPosIou = 0.5 },
                Sampler = new RandomSamplerConfig { Num = 64, PosFraction = 0.25 },
            },
        },
        TestCfg = new TwoStageTestCfgConfig
        {
            Rpn = new ProposalCfgConfig { NmsPre = 200, MaxPerImg = 100, Nms = Nms(0.7) },
            Rcnn = new RcnnTestCfgConfig { ScoreThr = 0, Nms = Nms(0.5), MaxPerImg = 10 },
        },
    };

    public static MaskRcnnConfig MaskRcnn => new()
    {
        DataPreprocessor = Preprocessor, Backbone = Backbone, Neck = Neck,
        RpnHead = FasterRcnn.RpnHead,
        RoiHead = ((StandardRoIHeadConfig)FasterRcnn.RoiHead!) with
        {
            MaskRoiExtractor = new SingleRoIExtractorConfig { RoiLayer = new RoIAlignConfig { OutputSize = 14 }, OutChannels = 16, FeatmapStrides = [4, 8, 16, 32] },
            MaskHead = new FcnMaskHeadConfig { NumClasses = SmallDetectors.NumClasses, NumConvs = 1, InChannels = 16, ConvOutChannels = 16 },
        },
        TrainCfg = FasterRcnn.TrainCfg,
        TestCfg = FasterRcnn.TestCfg,
    };

    /// <summary>
    /// A two-stage cascade (MMDetection's <c>CascadeRoIHead</c> with <c>num_stages=2</c>): the per-stage box heads and
    /// <c>train_cfg.rcnn</c> settings are list slots, the second stage with its own coder (halved stds) and a stricter assigner.
    /// </summary>
    public static CascadeRcnnConfig CascadeRcnn => new()
    {
        DataPreprocessor = Preprocessor, Backbone = Backbone, Neck = Neck,
        RpnHead = FasterRcnn.RpnHead,
        RoiHead = new CascadeRoIHeadConfig
        {
            NumStages = 2,
            StageLossWeights = [1, 0.5],
            BboxRoiExtractor = ((StandardRoIHeadConfig)FasterRcnn.RoiHead!).BboxRoiExtractor,
            BboxHead = [CascadeStage([0.1, 0.1, 0.2, 0.2]), CascadeStage([0.05, 0.05, 0.1, 0.1])],
        },
        TrainCfg = new MultiStageTrainCfgConfig
        {
            Rpn = ((TwoStageTrainCfgConfig)FasterRcnn.TrainCfg!).Rpn,
            RpnProposal = ((TwoStageTrainCfgConfig)FasterRcnn.TrainCfg!).RpnProposal,
            Rcnn = [CascadeSettings(0.5), CascadeSettings(0.6)],
        },
        TestCfg = FasterRcnn.TestCfg,
    };

    /// <summary>
    /// <see cref="CascadeRcnn"/> with a mask branch (MMDetection's Cascade Mask R-CNN): one mask head per stage in the list
    /// slot <c>roi_head.mask_head</c>, a shared mask extractor, and each stage's <c>mask_size</c>.
    /// </summary>
    public static CascadeRcnnConfig CascadeMaskRcnn => CascadeRcnn with
    {
        RoiHead = (CascadeRoIHeadConfig)CascadeRcnn.RoiHead! with
        {
            MaskRoiExtractor = ((StandardRoIHeadConfig)MaskRcnn.RoiHead!).MaskRoiExtractor,
            MaskHead = [((StandardRoIHeadConfig)MaskRcnn.RoiHead!).MaskHead!, ((StandardRoIHeadConfig)MaskRcnn.RoiHead!).MaskHead!],
        },
        TrainCfg = (MultiStageTrainCfgConfig)CascadeRcnn.TrainCfg! with { Rcnn = [CascadeSettings(0.5) with { MaskSize = 28 }, CascadeSettings(0.6) with { MaskSize = 28 }] },
    };

    static Shared2FcBBoxHeadConfig CascadeStage(ValueList<double> targetStds) => new()
    {
        NumClasses = SmallDetectors.NumClasses, InChannels = 16, FcOutChannels = 32, RegClassAgnostic = true,
        BboxCoder = new DeltaXywhBBoxCoderConfig { TargetMeans = [0, 0, 0, 0], TargetStds = targetStds },
    };

    static RcnnTrainCfgConfig CascadeSettings(double iou) => new()
    {
        Assigner = new MaxIoUAssignerConfig { PosIouThr = iou, NegIouThr = iou, MinPosIou = iou },
        Sampler = new RandomSamplerConfig { Num = 64, PosFraction = 0.25 },
    };

    /// <summary>
    /// <paramref name="root"/> with the node at the dotted <paramref name="path"/> replaced by <paramref name="value"/>,
    /// through the records' own <c>With</c> (what <c>--cfg-options</c> uses).
    /// </summary>
    public static ComponentConfig Place(ComponentConfig root, string path, ComponentConfig value)
    {
        int dot = path.IndexOf('.');
        if (dot < 0) return root.With(path, value);
        string head = path[..dot];
        var child = root.Entries.Single(e => e.Field.Key == head).Value as ComponentConfig
            ?? throw new InvalidOperationException($"{root.TypeName}.{head} is empty: the host config has no slot to place into.");
        return root.With(head, Place(child, path[(dot + 1)..], value));
    }

    /// <summary>Builds the detector config through its generated <c>Build()</c>, then runs a training loss (all finite) and a prediction.</summary>
    public static void Run(ComponentConfig detector)
    {
        RuntimeChecks.Verify(detector); // what the compiler would refuse is refused before anything is built
        using var scope = NewDisposeScope();
        var model = Assert.IsAssignableFrom<DetectionModel>(Seeded.Build(detector.Build, 0));
        var batch = SmallDetectors.OddSizedBatch();
        model.train();
        var losses = model.Loss(batch);
        Assert.NotEmpty(losses);
        foreach (var (name, loss) in losses)
            Assert.True(loss.isfinite().all().item<bool>(), $"{name} is not finite");
        model.eval();
        using (no_grad())
            Assert.Equal(2, model.Predict(batch).Count);
        model.Dispose();
    }
}
