using TorchSharp;
using Detect.Evaluation;
using Detect.Config;
using Detect.Models.Detectors;
using Detect.Models.Necks;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Models.Zoo;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// The zoo's experiments as users get them: found by name, merged as MMDetection merges the same
/// configs, clean under the run-time checks, and changed by typed <c>--cfg-options</c>.
/// </summary>
public sealed class ZooExperimentTests
{
    private static readonly string[] Names =
    [
        "AtssR50Fpn1xCoco", "CascadeMaskRcnnR50Fpn1xCoco", "CascadeMaskRcnnR50Fpn1xCocoV1", "CascadeRcnnR50Fpn1xCoco", "CascadeRcnnR50Fpn1xCocoV1", "Detectron2FasterRcnnR50Fpn3x", "Detectron2MaskRcnnR50Fpn3x", "Detectron2RetinaNetR50Fpn3x", "FasterRcnnR50Fpn1xCoco", "FasterRcnnR50Fpn1xCocoV1", "FasterRcnnRegNetX1_6gfFpnMs3xCoco", "FasterRcnnRegNetX3_2gfFpn1xCoco",
        "FasterRcnnRegNetX3_2gfFpn2xCoco", "FasterRcnnRegNetX3_2gfFpnMs3xCoco", "FasterRcnnRegNetX400mfFpnMs3xCoco", "FasterRcnnRegNetX4gfFpnMs3xCoco",
        "FasterRcnnRegNetX800mfFpnMs3xCoco", "FcosR50Fpn1xCoco", "MaskRcnnR50Fpn1xCoco", "MaskRcnnR50Fpn1xCocoV1", "MaskRcnnRegNetX12gfFpn1xCoco",
        "MaskRcnnRegNetX1_6gfFpnMsPoly3xCoco", "MaskRcnnRegNetX3_2gfFpn1xCoco", "MaskRcnnRegNetX3_2gfFpnMs3xCoco", "MaskRcnnRegNetX400mfFpnMsPoly3xCoco",
        "MaskRcnnRegNetX4gfFpn1xCoco", "MaskRcnnRegNetX4gfFpnMsPoly3xCoco", "MaskRcnnRegNetX6_4gfFpn1xCoco", "MaskRcnnRegNetX800mfFpnMsPoly3xCoco",
        "MaskRcnnRegNetX8gfFpn1xCoco", "RetinaNetR50CaffeFpn1xCocoV1", "RetinaNetR50Fpn1xCoco", "RetinaNetR50Fpn1xCocoV1", "RetinaNetRegNetX1_6gfFpn1xCoco", "RetinaNetRegNetX3_2gfFpn1xCoco",
        "RetinaNetRegNetX800mfFpn1xCoco", "Ssd300Coco", "Ssd300CocoV1", "TorchvisionFasterRcnnR50Fpn", "TorchvisionFcosR50Fpn", "TorchvisionMaskRcnnR50Fpn", "TorchvisionRetinaNetR50Fpn",
        "TorchvisionSsd300Vgg16",
    ];

    [Fact]
    public void The_catalog_lists_the_zoo()
    {
        var found = ExperimentCatalog.List([typeof(RetinaNetR50Fpn1xCoco).Assembly]).Select(t => t.Name);
        Assert.Equal(Names, found);
    }

    [Fact]
    public void Every_zoo_experiment_passes_the_run_time_checks_and_round_trips_through_json()
    {
        foreach (var name in Names)
        {
            var experiment = ExperimentCatalog.Find(name, [typeof(RetinaNetR50Fpn1xCoco).Assembly]);
            RuntimeChecks.Verify(experiment);
            Assert.StartsWith("model = dict(\n", ConfigPrinter.Print(experiment.Config));
            Assert.Equal(experiment.Config, ConfigJson.Deserialize(ConfigJson.Serialize(experiment.Config)));
        }
    }

    [Theory]
    [InlineData("AtssR50Fpn1xCoco", typeof(ATSS))]
    [InlineData("CascadeMaskRcnnR50Fpn1xCoco", typeof(CascadeRCNN))]
    [InlineData("CascadeRcnnR50Fpn1xCoco", typeof(CascadeRCNN))]
    [InlineData("FasterRcnnR50Fpn1xCoco", typeof(FasterRCNN))]
    [InlineData("FcosR50Fpn1xCoco", typeof(FCOS))]
    [InlineData("MaskRcnnR50Fpn1xCoco", typeof(MaskRCNN))]
    [InlineData("RetinaNetR50Fpn1xCoco", typeof(RetinaNet))]
    [InlineData("TorchvisionFasterRcnnR50Fpn", typeof(FasterRCNN))]
    [InlineData("TorchvisionFcosR50Fpn", typeof(FCOS))]
    [InlineData("TorchvisionMaskRcnnR50Fpn", typeof(MaskRCNN))]
    [InlineData("TorchvisionRetinaNetR50Fpn", typeof(RetinaNet))]
    [InlineData("TorchvisionSsd300Vgg16", typeof(SingleStageDetector))]
    [InlineData("Ssd300Coco", typeof(SingleStageDetector))]
    [InlineData("Ssd300CocoV1", typeof(SingleStageDetector))]
    public void Every_zoo_experiment_builds_its_detector(string name, Type detector)
    {
        // Every Builds name in the vocabulary must resolve: a wrong one only shows when a model is built.
        using var model = ExperimentCatalog.Find(name, [typeof(RetinaNetR50Fpn1xCoco).Assembly]).BuildModel();
        Assert.IsType(detector, model);
        Assert.IsType(name.Contains("Ssd", StringComparison.Ordinal) ? typeof(Detect.Models.Backbones.SSDVGG) : typeof(Detect.Models.Backbones.ResNet),
            ((Detector)model).Backbone);
    }

    [Fact]
    public void FCOS_regress_ranges_written_flat_reach_the_head_and_survive_json()
    {
        // Three levels, the last range open-ended: attributes cannot nest lists, so pairs are written flat.
        var zoo = new FcosR50Fpn1xCoco().Config;
        var model = (FcosConfig)zoo.Model!;
        var head = (FcosHeadConfig)model.BboxHead! with { Strides = [8, 16, 32], RegressRanges = [-1, 32, 32, 64, 64, double.PositiveInfinity] };
        var built = Assert.IsType<Detect.Models.DenseHeads.FCOSHead>(head.Build());
        Assert.Equal([(-1.0, 32.0), (32.0, 64.0), (64.0, double.PositiveInfinity)], built.RegressRanges);
        var config = zoo with { Model = model with { BboxHead = head } };
        Assert.Equal(config, ConfigJson.Deserialize(ConfigJson.Serialize(config)));
        Assert.Contains("regress_ranges=[-1.0, 32.0, 32.0, 64.0, 64.0, float('inf')]", ConfigPrinter.Print(config).Replace("\n", ""));
    }

    [Fact]
    public void ATSS_builds_MMDetections_atss_r50_fpn_1x_coco()
    {
        using var model = Assert.IsType<ATSS>(new AtssR50Fpn1xCoco().BuildModel());
        var head = Assert.IsType<Detect.Models.DenseHeads.ATSSHead>(model.BboxHead);
        Assert.Equal((80, 256, 256, 4, 1), (head.NumClasses, head.InChannels, head.FeatChannels, head.StackedConvs, head.NumBasePriors));
        Assert.True(head.RegDecodedBbox);
        Assert.Equal([0.1, 0.1, 0.2, 0.2], Assert.IsType<Detect.Models.TaskModules.Coders.DeltaXYWHBBoxCoder>(head.BboxCoder).TargetStds);
        Assert.Equal((2.0, 0.25), (Assert.IsType<Detect.Models.Losses.FocalLoss>(head.LossCls).Gamma, Assert.IsType<Detect.Models.Losses.FocalLoss>(head.LossCls).Alpha));
        Assert.Equal(2.0, Assert.IsType<Detect.Models.Losses.GIoULoss>(head.LossBbox).LossWeight);
        Assert.True(Assert.IsType<Detect.Models.Losses.CrossEntropyLoss>(head.LossCenterness).UseSigmoid);
        Assert.Equal(9, Assert.IsType<Detect.Models.TaskModules.Assigners.AtssAssigner>(head.TrainCfg!.Assigner).Topk);
        Assert.Equal((1000, 0.05, 0.6, 100), (head.TestCfg!.NmsPre, head.TestCfg.ScoreThr, head.TestCfg.Nms.IouThreshold, head.TestCfg.MaxPerImg));
        // GN(32) towers (the head's default norm_cfg), one per-level Scale for each of the FPN's five outputs.
        Assert.Contains("cls_convs.3.gn.weight", head.named_parameters().Select(p => p.name));
        Assert.Contains("scales.4.scale", head.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void SSD300_merges_ssd300_coco_as_MMDetection()
    {
        var config = new Ssd300Coco().Config;
        var model = Assert.IsType<SingleStageConfig>(config.Model);
        var head = Assert.IsType<SsdHeadConfig>(model.BboxHead);
        Assert.Equal(80, head.NumClasses);
        var anchors = Assert.IsType<SsdAnchorGeneratorConfig>(head.AnchorGenerator);
        Assert.Equal([8, 16, 32, 64, 100, 300], anchors.Strides);
        Assert.Equal(300, anchors.InputSize);
        Assert.Equal([0.1, 0.1, 0.2, 0.2], Assert.IsType<DeltaXywhBBoxCoderConfig>(head.BboxCoder).TargetStds);
        Assert.Equal(3, model.TrainCfg!.NegPosRatio);
        Assert.False(((MaxIoUAssignerConfig)model.TrainCfg.Assigner!).GtMaxAssignAll);
        Assert.Equal((0.02, 200, 0.45), (model.TestCfg!.ScoreThr, model.TestCfg.MaxPerImg, model.TestCfg.Nms!.IouThreshold));
        var loader = config.TrainDataloader!;
        Assert.Equal((8, false), (loader.BatchSize, loader.AspectRatioGrouping));
        var repeat = Assert.IsType<RepeatDatasetConfig>(loader.Dataset);
        Assert.Equal(5, repeat.Times);
        var coco = Assert.IsType<CocoDatasetConfig>(repeat.Dataset);
        Assert.Equal(("annotations/instances_train2017.json", true, 32), (coco.AnnFile, coco.FilterEmptyGt, coco.MinSize));
        Assert.Equal(["LoadImageFromFile", "LoadAnnotations", "Expand", "MinIoURandomCrop", "Resize", "RandomFlip", "PhotoMetricDistortion", "PackDetInputs"],
            repeat.Pipeline.Select(t => t.GetType().Name.Replace("Config", "")));
        var expand = Assert.IsType<ExpandConfig>(repeat.Pipeline[2]);
        Assert.Equal([123.675, 116.28, 103.53], expand.Mean);
        Assert.Equal([1.0, 4.0], expand.RatioRange);
        Assert.Equal((true, 0.5), (expand.ToRgb, expand.Prob));
        var crop = Assert.IsType<MinIoURandomCropConfig>(repeat.Pipeline[3]);
        Assert.Equal([0.1, 0.3, 0.5, 0.7, 0.9], crop.MinIous);
        Assert.Equal((0.3, true), (crop.MinCropSize, crop.BboxClipBorder));
        var sgd = Assert.IsType<SgdConfig>(config.OptimWrapper!.Optimizer);
        Assert.Equal((2e-3, 0.9, 5e-4), (sgd.Lr, sgd.Momentum, sgd.WeightDecay));
        Assert.Equal(24, Assert.IsType<EpochBasedTrainLoopConfig>(config.TrainCfg).MaxEpochs);
        Assert.Equal([16, 22], Assert.IsType<MultiStepLrConfig>(config.ParamScheduler[1]).Milestones);
        Assert.Equal(8, config.ValDataloader!.BatchSize);
        Assert.Contains(config.CustomHooks, h => h is CheckInvalidLossHookConfig);
    }

    [Fact]
    public void RetinaNet_merges_its_parts_as_MMDetection()
    {
        var config = new RetinaNetR50Fpn1xCoco().Config;
        var model = Assert.IsType<RetinaNetConfig>(config.Model);
        var fpn = Assert.IsType<FpnConfig>(model.Neck);
        Assert.Equal([256, 512, 1024, 2048], fpn.InChannels);
        Assert.Equal((1, ExtraConvs.OnInput, 5), (fpn.StartLevel, fpn.AddExtraConvs, fpn.NumOuts));
        var anchors = Assert.IsType<AnchorGeneratorConfig>(((RetinaHeadConfig)model.BboxHead!).AnchorGenerator);
        Assert.Equal([8, 16, 32, 64, 128], anchors.Strides);
        Assert.Equal((4.0, 3), (anchors.OctaveBaseScale, anchors.ScalesPerOctave));
        Assert.Equal(0.01, ((SgdConfig)config.OptimWrapper!.Optimizer!).Lr);
        Assert.Equal(0.4, ((MaxIoUAssignerConfig)model.TrainCfg!.Assigner!).NegIouThr);
        Assert.Equal([Detect.Evaluation.CocoMetricType.Bbox], ((CocoMetricConfig)config.ValEvaluator!).Metric);
        Assert.Equal(config.ValEvaluator, config.TestEvaluator);
    }

    [Fact]
    public void Mask_RCNN_adds_the_mask_branch_and_loads_masks()
    {
        // The typed view reads each component at its concrete type: no casts.
        var cfg = new MaskRcnnR50Fpn1xCoco().Cfg;
        Assert.Equal(14, cfg.Model.RoiHead.MaskRoiExtractor.RoiLayer.OutputSize);
        Assert.True(((LoadAnnotationsConfig)cfg.TrainDataloader.Dataset.Pipeline[1]).WithMask);
        Assert.True(cfg.Model.TrainCfg.Rcnn.Assigner.MatchLowQuality);
        Assert.Equal(80, cfg.Model.RoiHead.BboxHead.NumClasses);
    }

    [Theory]
    [InlineData("MaskRcnnR50Fpn1xCoco")]
    [InlineData("MaskRcnnR50Fpn1xCocoV1")]
    [InlineData("CascadeMaskRcnnR50Fpn1xCoco")]
    [InlineData("TorchvisionMaskRcnnR50Fpn")]
    [InlineData("Detectron2MaskRcnnR50Fpn3x")]
    public void Every_mask_head_is_built_with_the_configured_mask_loss(string name)
    {
        // loss_mask = CrossEntropyLoss(use_mask=True) must reach the loss's constructor: built without it (it was
        // [ConfigOnly], now DET117), the loss took the softmax path and Mask R-CNN training failed at its first iteration.
        using var model = (TwoStageDetector)ExperimentCatalog.Find(name, [typeof(RetinaNetR50Fpn1xCoco).Assembly]).BuildModel();
        var heads = model.RoiHead switch
        {
            Detect.Models.RoIHeads.CascadeRoIHead cascade => cascade.MaskHead!,
            Detect.Models.RoIHeads.StandardRoIHead standard => [standard.MaskHead!],
            var other => throw new InvalidOperationException(other.GetType().Name),
        };
        Assert.NotEmpty(heads);
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(7);
        var preds = torch.randn([3, 80, 28, 28], generator: generator);
        var targets = torch.rand([3, 28, 28], generator: generator).gt(0.5).to(torch.float32);
        var labels = torch.tensor(new long[] { 4, 0, 79 });
        // MMDetection's mask_cross_entropy: the binary cross-entropy of each RoI's own-class logits, averaged over pixels.
        var own = torch.stack([preds[0, 4], preds[1, 0], preds[2, 79]]);
        double expected = torch.nn.functional.binary_cross_entropy_with_logits(own, targets).item<float>();
        foreach (var head in heads)
        {
            var loss = Assert.IsType<Detect.Models.Losses.CrossEntropyLoss>(head.LossMask);
            Assert.True(loss.UseMask);
            Assert.Equal(expected, loss.Forward(preds, targets, labels).item<float>(), 5);
        }
    }

    [Fact]
    public void Cascade_RCNN_has_one_box_head_and_one_rcnn_setting_per_stage_printed_by_index()
    {
        var cfg = new CascadeRcnnR50Fpn1xCoco().Cfg;
        Assert.Equal(3, cfg.Model.RoiHead.NumStages);
        Assert.Equal([1, 0.5, 0.25], cfg.Model.RoiHead.StageLossWeights);
        var config = new CascadeRcnnR50Fpn1xCoco().Config;
        var model = Assert.IsType<CascadeRcnnConfig>(config.Model);
        var roi = Assert.IsType<CascadeRoIHeadConfig>(model.RoiHead);
        Assert.Equal([0.1, 0.05, 0.033], roi.BboxHead.Select(h => ((DeltaXywhBBoxCoderConfig)((Shared2FcBBoxHeadConfig)h).BboxCoder!).TargetStds[0]));
        var train = Assert.IsType<MultiStageTrainCfgConfig>(model.TrainCfg);
        Assert.Equal([0.5, 0.6, 0.7], train.Rcnn.Select(r => ((MaxIoUAssignerConfig)r.Assigner!).PosIouThr));

        var keys = ConfigPrinter.PrintKeys(config);
        Assert.Contains("model.roi_head.bbox_head.1.bbox_coder.target_stds = [0.05, 0.05, 0.1, 0.1]", keys);
        Assert.Contains("model.train_cfg.rcnn.2.assigner.pos_iou_thr = 0.7", keys);
        Assert.Equal(config, ConfigJson.Deserialize(ConfigJson.Serialize(config)));
    }

    [Fact]
    public void Torchvision_RetinaNet_is_torchvisions_with_its_anchor_sizes_and_91_category_ids()
    {
        var cfg = new TorchvisionRetinaNetR50Fpn().Cfg;
        var anchors = cfg.Model.BboxHead.AnchorGenerator;
        Assert.Equal(([32.0, 64, 128, 256, 512], 3, [8, 16, 32, 64, 128]), (anchors.Sizes, anchors.ScalesPerOctave, anchors.Strides));
        Assert.IsType<FrozenBatchNormConfig>(cfg.Model.Backbone.NormCfg);
        Assert.Equal((ExtraConvs.OnOutput, true), (cfg.Model.Neck.AddExtraConvs, cfg.Model.Neck.ReluBeforeExtraConvs));
        Assert.Equal((800, 1333), (cfg.Model.DataPreprocessor.MinSize, cfg.Model.DataPreprocessor.MaxSize));
        Assert.Equal(90, cfg.Model.BboxHead.NumClasses);
        var dataset = cfg.TestDataloader.Dataset;
        Assert.True(dataset.CategoryIdLabels);
        Assert.Equal((90, "person", "N/A", "toothbrush"), (dataset.Classes.Count, dataset.Classes[0], dataset.Classes[11], dataset.Classes[89]));

        using var model = Assert.IsType<RetinaNet>(new TorchvisionRetinaNetR50Fpn().BuildModel());
        var generator = Assert.IsType<TorchvisionAnchorGenerator>(model.BboxHead.PriorGenerator);
        Assert.Equal([32.0, 40, 50], generator.Sizes[0]);
        Assert.Equal([512.0, 645, 812], generator.Sizes[4]);
    }

    [Fact]
    public void A_typed_override_that_breaks_a_shape_rule_is_reported_like_the_compiler()
    {
        var experiment = new RetinaNetR50Fpn1xCoco();
        Assert.Equal(101, ((RetinaNetR50Fpn1xCoco)experiment.WithOptions(["model.backbone.depth=101"])).Cfg.Model.Backbone.Depth);
        var error = Assert.Throws<ConfigurationException>(() => experiment.WithOptions(["model.backbone.depth=18"]));
        Assert.Equal("RetinaNetR50Fpn1xCoco: the config breaks 1 rule(s):\n  DET201: FPN.InChannels [256, 512, 1024, 2048] (from part RetinaNetR50Fpn) " +
            "do not match ResNet-18 outputs [64, 128, 256, 512] (set by --cfg-options)", error.Message);
        var fixedUp = experiment.WithOptions(["model.backbone.depth=18", "model.neck.in_channels=[64,128,256,512]"]);
        Assert.Equal([64, 128, 256, 512], ((RetinaNetR50Fpn1xCoco)fixedUp).Cfg.Model.Neck.InChannels);
    }

    [Fact]
    public void A_mask_metric_on_a_model_without_masks_is_refused_at_run_time_too()
    {
        var error = Assert.Throws<ConfigurationException>(() => new RetinaNetR50Fpn1xCoco().WithOptions(["test_evaluator.metric=[bbox,segm]"]));
        Assert.Equal("RetinaNetR50Fpn1xCoco: the config breaks 1 rule(s):\n  DET305: CocoMetric.Metric asks for segm (set by --cfg-options), " +
            "but RetinaNet predicts no masks: drop segm, or use a model with a mask head", error.Message);
        // Mask R-CNN predicts masks: the same option is fine there.
        var maskRcnn = (MaskRcnnR50Fpn1xCoco)new MaskRcnnR50Fpn1xCoco().WithOptions(["test_evaluator.metric=[bbox,segm]"]);
        Assert.Equal([CocoMetricType.Bbox, CocoMetricType.Segm], Assert.IsType<CocoMetricConfig>(maskRcnn.Config.TestEvaluator).Metric);
    }

    [Fact]
    public void Indexed_cfg_options_change_one_stage_and_the_stage_count_is_checked()
    {
        var experiment = new CascadeRcnnR50Fpn1xCoco();
        var changed = (CascadeRcnnR50Fpn1xCoco)experiment.WithOptions(["model.train_cfg.rcnn.1.assigner.pos_iou_thr=0.65", "model.roi_head.bbox_head.2.num_classes=80"]);
        Assert.Equal([0.5, 0.65, 0.7], ((MultiStageTrainCfgConfig)((CascadeRcnnConfig)changed.Config.Model!).TrainCfg!).Rcnn.Select(r => ((MaxIoUAssignerConfig)r.Assigner!).PosIouThr));
        var error = Assert.Throws<ConfigurationException>(() => experiment.WithOptions(["model.roi_head.num_stages=2"]));
        Assert.Contains("DET208: 'model.roi_head.bbox_head' has 3 item(s)", error.Message);
        Assert.Contains("DET208: 'model.train_cfg.rcnn' has 3 item(s)", error.Message);
        Assert.Contains("DET208: 'model.roi_head.stage_loss_weights' has 3 item(s)", error.Message);
    }
}
