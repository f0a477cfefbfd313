using Detect.Config;
using Detect.Checkpoints;
using Detect.Models.Backbones;
using Detect.Models.TaskModules.Coders;
using static TorchSharp.torch;
using static Detect.Models.Tests.Vocabulary.TinyModelConfigs;

namespace Detect.Models.Tests.Vocabulary;

/// <summary>
/// Where each model-side attribute is exercised: a small detector config (<see cref="TinyModelConfigs"/>) and the dotted
/// path of the node the component takes there. The baseline is what the host already holds at that path, or the
/// component given; the case's config replaces it, the detector is built through the generated <c>Build()</c> and runs.
/// </summary>
internal static class ModelVocabularyCases
{
    /// <summary>A place in a host detector config; <see cref="Given"/> when the host does not already hold that component.</summary>
    internal sealed record Slot(Func<ComponentConfig> Host, string Path, ComponentConfig? Given = null);

    public static IReadOnlyDictionary<Type, VocabularyExercise> Exercises { get; } = Slots()
        .ToDictionary(p => p.Key, p => new VocabularyExercise(() => Baseline(p.Value), c => Run(p.Value, c)))
        .Concat(Direct()).ToDictionary();

    /// <summary>The Pretrained init, which the engine applies when training starts.</summary>
    static Dictionary<Type, VocabularyExercise> Direct() => new()
    {
        [typeof(PretrainedAttribute)] = RuntimeVocabularyCases.Engine(() => new PretrainedConfig { Checkpoint = PretrainedBackbone.Value },
            (e, c) => e with { Model = (DetectorConfig)Place(e.Model!, "backbone.init_cfg", c) }),
    };

    /// <summary>A checkpoint of the small backbone, for a Pretrained init_cfg.</summary>
    static readonly Lazy<string> PretrainedBackbone = new(() =>
    {
        string path = Path.Combine(TinyRuntimeConfigs.Root, "pretrained-resnet18.pth");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var backbone = (Backbone)Seeded.Build(TinyModelConfigs.Backbone.Build, 11);
        TorchCheckpointWriter.Save(path, backbone.state_dict().ToDictionary(p => p.Key, p => (object?)p.Value));
        return path;
    });

    static Dictionary<Type, Slot> Slots() => new()
    {
        [typeof(RetinaNetAttribute)] = new(() => RetinaNet, ""),
        [typeof(FcosAttribute)] = new(() => Fcos, ""),
        [typeof(AtssAttribute)] = new(() => Atss, ""),
        [typeof(SingleStageAttribute)] = new(() => Ssd, ""),
        [typeof(SsdVggAttribute)] = new(() => Ssd, "backbone"),
        [typeof(SsdNeckAttribute)] = new(() => Ssd, "neck"),
        [typeof(SsdHeadAttribute)] = new(() => Ssd, "bbox_head"),
        [typeof(TorchvisionDefaultBoxGeneratorAttribute)] = new(() => Ssd, "bbox_head.anchor_generator"),
        [typeof(SsdAnchorGeneratorAttribute)] = new(() => Ssd, "bbox_head.anchor_generator", new SsdAnchorGeneratorConfig
        {
            Strides = [8, 16, 32, 64], Ratios = [2, 2, 3, 2, 2], RatioCounts = [1, 2, 1, 1], MinSizes = [6, 13, 26, 45], MaxSizes = [13, 26, 45, 64],
        }),
        [typeof(LegacySsdAnchorGeneratorAttribute)] = new(() => Ssd, "bbox_head.anchor_generator", new LegacySsdAnchorGeneratorConfig
        {
            Strides = [8, 16, 32, 64], Ratios = [2, 2, 3, 2, 2], RatioCounts = [1, 2, 1, 1], BasesizeRatioRange = [0.15, 0.9], InputSize = 300,
        }),
        [typeof(FasterRcnnAttribute)] = new(() => FasterRcnn, ""),
        [typeof(MaskRcnnAttribute)] = new(() => MaskRcnn, ""),
        [typeof(CascadeRcnnAttribute)] = new(() => CascadeRcnn, ""),
        [typeof(CascadeRoIHeadAttribute)] = new(() => CascadeRcnn, "roi_head"),
        [typeof(MultiStageTrainCfgAttribute)] = new(() => CascadeRcnn, "train_cfg"),
        [typeof(DetDataPreprocessorAttribute)] = new(() => RetinaNet, "data_preprocessor"),
        [typeof(TorchvisionDataPreprocessorAttribute)] = new(() => RetinaNet, "data_preprocessor",
            new TorchvisionDataPreprocessorConfig { MinSize = 64, MaxSize = 96 }),
        [typeof(ResNetAttribute)] = new(() => RetinaNet, "backbone"),
        [typeof(ResNeXtAttribute)] = new(() => RetinaNet, "backbone", new ResNeXtConfig { Depth = 50, BaseChannels = 8, Groups = 2, BaseWidth = 4 }),
        [typeof(RegNetAttribute)] = new(() => RetinaNet, "backbone", new RegNetConfig { Arch = RegNetXArch.X400MF, W0 = 24, Wa = 24.48, Wm = 2.54, GroupW = 16, Depth = 22 }),
        [typeof(BatchNormAttribute)] = new(() => RetinaNet, "backbone.norm_cfg"),
        [typeof(FrozenBatchNormAttribute)] = new(() => RetinaNet, "backbone.norm_cfg", new FrozenBatchNormConfig()),
        [typeof(GroupNormAttribute)] = new(() => Fcos, "bbox_head.norm_cfg"),
        [typeof(FpnAttribute)] = new(() => RetinaNet, "neck"),
        [typeof(RetinaHeadAttribute)] = new(() => RetinaNet, "bbox_head"),
        [typeof(RpnHeadAttribute)] = new(() => FasterRcnn, "rpn_head"),
        [typeof(FcosHeadAttribute)] = new(() => Fcos, "bbox_head"),
        [typeof(AtssHeadAttribute)] = new(() => Atss, "bbox_head"),
        [typeof(DistancePointBBoxCoderAttribute)] = new(() => Fcos, "bbox_head.bbox_coder", new DistancePointBBoxCoderConfig { ClipBorder = false }),
        [typeof(StandardRoIHeadAttribute)] = new(() => MaskRcnn, "roi_head"),
        [typeof(SingleRoIExtractorAttribute)] = new(() => FasterRcnn, "roi_head.bbox_roi_extractor"),
        [typeof(RoIAlignAttribute)] = new(() => FasterRcnn, "roi_head.bbox_roi_extractor.roi_layer"),
        [typeof(Shared2FcBBoxHeadAttribute)] = new(() => FasterRcnn, "roi_head.bbox_head"),
        [typeof(FcnMaskHeadAttribute)] = new(() => MaskRcnn, "roi_head.mask_head"),
        [typeof(DenseTrainCfgAttribute)] = new(() => RetinaNet, "train_cfg"),
        [typeof(DenseTestCfgAttribute)] = new(() => RetinaNet, "test_cfg"),
        [typeof(ProposalCfgAttribute)] = new(() => FasterRcnn, "test_cfg.rpn"),
        [typeof(RcnnTrainCfgAttribute)] = new(() => FasterRcnn, "train_cfg.rcnn"),
        [typeof(RcnnTestCfgAttribute)] = new(() => FasterRcnn, "test_cfg.rcnn"),
        [typeof(TwoStageTrainCfgAttribute)] = new(() => FasterRcnn, "train_cfg"),
        [typeof(TwoStageTestCfgAttribute)] = new(() => FasterRcnn, "test_cfg"),
        [typeof(CrossEntropyLossAttribute)] = new(() => RetinaNet, "bbox_head.loss_cls", new CrossEntropyLossConfig { UseSigmoid = true }),
        [typeof(FocalLossAttribute)] = new(() => RetinaNet, "bbox_head.loss_cls"),
        [typeof(SmoothL1LossAttribute)] = new(() => RetinaNet, "bbox_head.loss_bbox", new SmoothL1LossConfig { Beta = 1.0 / 9 }),
        [typeof(L1LossAttribute)] = new(() => RetinaNet, "bbox_head.loss_bbox"),
        [typeof(IoULossAttribute)] = new(() => Fcos, "bbox_head.loss_bbox", new IoULossConfig()),
        [typeof(GIoULossAttribute)] = new(() => Fcos, "bbox_head.loss_bbox", new GIoULossConfig()),
        [typeof(AnchorGeneratorAttribute)] = new(() => RetinaNet, "bbox_head.anchor_generator"),
        [typeof(LegacyAnchorGeneratorAttribute)] = new(() => FasterRcnn, "rpn_head.anchor_generator",
            new LegacyAnchorGeneratorConfig { Strides = [4, 8, 16, 32, 64], Scales = [8], CenterOffset = 0.5 }),
        [typeof(TorchvisionAnchorGeneratorAttribute)] = new(() => RetinaNet, "bbox_head.anchor_generator",
            new TorchvisionAnchorGeneratorConfig { Strides = [8, 16, 32, 64, 128], Sizes = [32, 64, 128, 256, 512], ScalesPerOctave = 3 }),
        [typeof(MlvlPointGeneratorAttribute)] = new(() => Fcos, "bbox_head.prior_generator",
            new MlvlPointGeneratorConfig { Strides = [8, 16, 32, 64, 128], Offset = 0, StridesFromBatch = true }),
        [typeof(DeltaXywhBBoxCoderAttribute)] = new(() => RetinaNet, "bbox_head.bbox_coder"),
        [typeof(TorchvisionBoxCoderAttribute)] = new(() => RetinaNet, "bbox_head.bbox_coder", new TorchvisionBoxCoderConfig { Weights = [1, 1, 1, 1] }),
        [typeof(LegacyDeltaXywhBBoxCoderAttribute)] = new(() => FasterRcnn, "rpn_head.bbox_coder", new LegacyDeltaXywhBBoxCoderConfig()),
        [typeof(MaxIoUAssignerAttribute)] = new(() => RetinaNet, "train_cfg.assigner"),
        [typeof(TorchvisionMatcherAttribute)] = new(() => RetinaNet, "train_cfg.assigner",
            new TorchvisionMatcherConfig { HighThreshold = 0.5, LowThreshold = 0.4, AllowLowQualityMatches = true }),
        [typeof(AtssAssignerAttribute)] = new(() => RetinaNet, "train_cfg.assigner", new AtssAssignerConfig()),
        [typeof(TorchvisionFcosMatcherAttribute)] = new(() => Fcos, "bbox_head.assigner", new TorchvisionFcosMatcherConfig()),
        [typeof(RandomSamplerAttribute)] = new(() => FasterRcnn, "train_cfg.rcnn.sampler"),
        [typeof(PseudoSamplerAttribute)] = new(() => RetinaNet, "train_cfg.sampler"),
        [typeof(NmsAttribute)] = new(() => RetinaNet, "test_cfg.nms"),
        [typeof(SoftNmsAttribute)] = new(() => RetinaNet, "test_cfg.nms", new SoftNmsConfig { IouThreshold = 0.5 }),
    };

    /// <summary>The baseline config of <paramref name="slot"/>: the component given, or the one the host holds at its path.</summary>
    public static ComponentConfig Baseline(Slot slot) => slot.Given ?? Node(slot.Host(), slot.Path);

    /// <summary>Places <paramref name="config"/> into its host detector, builds and runs it; a backbone runs alone.</summary>
    public static void Run(Slot slot, ComponentConfig config)
    {
        if (slot.Path == "backbone")
        {
            // A backbone is run on its own: its variants (styles, RegNet designs up to 12GF) change only the backbone, and
            // its outputs are checked against what it says it gives (the shapes the compiler's rules compute).
            using var scope = NewDisposeScope();
            using var backbone = Assert.IsAssignableFrom<Backbone>(Seeded.Build(config.Build, 0));
            backbone.eval();
            using var _ = no_grad();
            var features = backbone.forward(zeros(1, 3, 32, 32));
            Assert.Equal(backbone.OutputShapes.Select(s => (s.Channels, 32 / s.Stride)), features.Select(f => ((int)f.shape[1], (int)f.shape[2])));
            return;
        }
        TinyModelConfigs.Run(slot.Path.Length == 0 ? config : Place(slot.Host(), slot.Path, config));
    }

    static ComponentConfig Node(ComponentConfig root, string path) => path.Length == 0 ? root : path.Split('.').Aggregate(root,
        (node, key) => node.Entries.Single(e => e.Field.Key == key).Value as ComponentConfig
            ?? throw new InvalidOperationException($"{node.TypeName}.{key} is empty in the host config."));
}
