using Detect.Config;
using Detect.Generators.Tests.Infrastructure;

namespace Detect.Generators.Tests;

/// <summary>
/// MMEngine's merge semantics, checked on the configs the generated code builds at run time:
/// field-wise override, lists replaced, Delete, subtype merging, and variables that reach the loaders
/// (the trap of MMDetection issue #10891).
/// </summary>
public sealed class MergeSemanticsTests
{
    private static ExperimentConfig Config(string declaration)
    {
        var assembly = GeneratorHarness.Load(("Configs/Test.cs", "using Detect.Config;\nusing Detect.Models.Zoo;\n\nnamespace Users;\n\n" + declaration));
        return ((IExperiment)Activator.CreateInstance(assembly.GetType("Users.Test")!)!).Config;
    }

    [Fact]
    public void Derived_values_override_field_by_field()
    {
        var config = Config("[Experiment]\n[Sgd(Lr = 0.005)]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var sgd = Assert.IsType<SgdConfig>(config.OptimWrapper!.Optimizer);
        Assert.Equal(0.005, sgd.Lr);
        Assert.Equal(0.9, sgd.Momentum);
        Assert.Equal(0.0001, sgd.WeightDecay);
    }

    [Fact]
    public void Lists_are_replaced_not_merged()
    {
        var config = Config("[Experiment]\n[EpochBasedTrainLoop(MaxEpochs = 24)]\n[MultiStepLr(End = 24, Milestones = [16, 22])]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var only = Assert.Single(config.ParamScheduler);
        Assert.Equal([16, 22], Assert.IsType<MultiStepLrConfig>(only).Milestones);
    }

    [Fact]
    public void Overriding_the_train_pipeline_reaches_the_train_loader()
    {
        var config = Config("""
            [Experiment]
            [LoadImageFromFile]
            [LoadAnnotations(WithBbox = true)]
            [Resize(Scale = [640, 480], KeepRatio = true)]
            [PackDetInputs]
            public partial record Test : RetinaNetR50Fpn1xCoco;
            """);
        var train = config.TrainDataloader!.Dataset!.Pipeline;
        Assert.Equal(["LoadImageFromFile", "LoadAnnotations", "Resize", "PackDetInputs"], train.Select(t => t.TypeName));
        Assert.Equal([640, 480], Assert.IsType<ResizeConfig>(train[2]).Scale);
        var test = config.TestDataloader!.Dataset!.Pipeline;
        Assert.Equal([1333, 800], Assert.IsType<ResizeConfig>(test[1]).Scale);
    }

    [Fact]
    public void The_dataset_variable_reaches_every_loader_and_loaders_keep_their_split()
    {
        var config = Config("[Experiment]\n[RetinaHead(NumClasses = 2)]\n[CocoDataset(DataRoot = \"data/shapes/\", Classes = [\"circle\", \"square\"])]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var loaders = new[] { config.TrainDataloader!, config.ValDataloader!, config.TestDataloader! };
        Assert.All(loaders, l => Assert.Equal("data/shapes/", Assert.IsType<CocoDatasetConfig>(l.Dataset).DataRoot));
        Assert.All(loaders, l => Assert.Equal(["circle", "square"], Assert.IsType<CocoDatasetConfig>(l.Dataset).Classes));
        Assert.Equal("annotations/instances_train2017.json", ((CocoDatasetConfig)config.TrainDataloader!.Dataset!).AnnFile);
        Assert.Equal("annotations/instances_val2017.json", ((CocoDatasetConfig)config.ValDataloader!.Dataset!).AnnFile);
    }

    [Fact]
    public void A_loader_value_set_later_wins_over_the_variable()
    {
        var config = Config("[Experiment]\n[CocoDataset(At = Slots.ValDataset, DataRoot = \"val-only/\")]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        Assert.Equal("val-only/", ((CocoDatasetConfig)config.ValDataloader!.Dataset!).DataRoot);
        Assert.Equal("data/coco/", ((CocoDatasetConfig)config.TrainDataloader!.Dataset!).DataRoot);
    }

    [Fact]
    public void Delete_drops_everything_inherited_for_the_slot()
    {
        var config = Config("[Experiment]\n[ResNet(Depth = 18, Delete = true)]\n[Fpn(InChannels = [64, 128, 256, 512])]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var backbone = Assert.IsType<ResNetConfig>(config.Model!.Backbone);
        Assert.Equal(18, backbone.Depth);
        Assert.Equal(-1, backbone.FrozenStages);
        Assert.Null(backbone.NormCfg);
        Assert.Null(backbone.InitCfg);
        var fpn = Assert.IsType<FpnConfig>(config.Model.Neck);
        Assert.Equal([64, 128, 256, 512], fpn.InChannels);
        Assert.Equal(1, fpn.StartLevel);
    }

    [Fact]
    public void Unset_empties_an_inherited_slot_as_None_does()
    {
        // MMDetection's backbone=dict(init_cfg=None): the zoo model trained from scratch.
        var config = Config("[Experiment]\n[Unset(\"model.backbone.init_cfg\")]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var backbone = Assert.IsType<ResNetConfig>(config.Model!.Backbone);
        Assert.Null(backbone.InitCfg);
        Assert.Equal(50, backbone.Depth);
        Assert.NotNull(Assert.IsType<ResNetConfig>(Config("[Experiment]\npublic partial record Test : RetinaNetR50Fpn1xCoco;").Model!.Backbone).InitCfg);
    }

    [Fact]
    public void Unset_empties_a_list_and_a_later_attribute_fills_it_again()
    {
        var config = Config("""
            [Experiment]
            [Unset("param_scheduler")]
            [MultiStepLr(End = 12, Milestones = [9])]
            [Unset("custom_hooks")]
            public partial record Test : RetinaNetR50Fpn1xCoco;
            """);
        var only = Assert.Single(config.ParamScheduler);
        Assert.Equal([9], Assert.IsType<MultiStepLrConfig>(only).Milestones);
        Assert.Empty(config.CustomHooks);
    }

    [Fact]
    public void A_tta_pipeline_nests_its_steps_and_prints_as_MMDetection_writes_it()
    {
        var config = Config("""
            [Experiment]
            [LoadImageFromFile(At = Slots.TtaPipeline)]
            [TestTimeAug(At = Slots.TtaPipeline)]
            [TtaChoice(At = "tta_pipeline.1.transforms")]
            [Resize(At = "tta_pipeline.1.transforms.0.transforms", Scale = [1333, 640], KeepRatio = true)]
            [Resize(At = "tta_pipeline.1.transforms.0.transforms", Scale = [1333, 800], KeepRatio = true)]
            [TtaChoice(At = "tta_pipeline.1.transforms")]
            [RandomFlip(At = "tta_pipeline.1.transforms.1.transforms", Prob = 1.0)]
            [RandomFlip(At = "tta_pipeline.1.transforms.1.transforms", Prob = 0.0)]
            [TtaChoice(At = "tta_pipeline.1.transforms")]
            [PackDetInputs(At = "tta_pipeline.1.transforms.2.transforms")]
            [DetTtaModel(IouThreshold = 0.6)]
            public partial record Test : RetinaNetR50Fpn1xCoco;
            """);
        var tta = Assert.IsType<TestTimeAugConfig>(config.TtaPipeline[1]);
        Assert.Equal([2, 2, 1], tta.Transforms.Select(c => Assert.IsType<TtaChoiceConfig>(c).Transforms.Count));
        Assert.Equal((0.6, 100), (Assert.IsType<DetTtaModelConfig>(config.TtaModel).IouThreshold, ((DetTtaModelConfig)config.TtaModel!).MaxPerImg));
        var text = ConfigPrinter.Print(config);
        // transforms=[[Resize, Resize], [RandomFlip, RandomFlip], [PackDetInputs]]: the steps print as bare lists.
        Assert.Contains("type='TestTimeAug',\n        transforms=[\n            [\n                dict(\n                    type='Resize',", text);
        Assert.DoesNotContain("TtaChoice", text);
    }

    [Fact]
    public void An_indexed_path_changes_one_item_and_keeps_the_list()
    {
        var config = Config("""
            [Experiment]
            [MultiStepLr(At = "param_scheduler.1", Milestones = [9, 11])]
            [Resize(At = "train_pipeline.2", Scale = [640, 480])]
            public partial record Test : RetinaNetR50Fpn1xCoco;
            """);
        Assert.Equal(2, config.ParamScheduler.Count);
        Assert.IsType<LinearLrConfig>(config.ParamScheduler[0]);
        var steps = Assert.IsType<MultiStepLrConfig>(config.ParamScheduler[1]);
        Assert.Equal([9, 11], steps.Milestones);
        Assert.Equal((0.1, 12), (steps.Gamma, steps.End));
        var train = config.TrainDataloader!.Dataset!.Pipeline;
        Assert.Equal(5, train.Count);
        var resize = Assert.IsType<ResizeConfig>(train[2]);
        Assert.Equal([640, 480], resize.Scale);
        Assert.True(resize.KeepRatio);
    }

    [Fact]
    public void A_slot_can_hold_a_list_of_components_whose_items_take_indexed_paths()
    {
        var config = Config("""
            /// <summary>A RoI head with one box head per stage (a list slot), as Cascade R-CNN's.</summary>
            [Register("StagedRoIHead")]
            public sealed class StagedRoIHeadAttribute : RoIHeadAttribute
            {
                public RoIExtractorAttribute? BboxRoiExtractor { get; }
                public RoIBBoxHeadAttribute[]? BboxHead { get; }
                public RcnnTrainCfgAttribute[]? TrainCfg { get; }
                public RcnnTestCfgAttribute? TestCfg { get; }
            }

            [Experiment]
            [StagedRoIHead(Delete = true)]
            [SingleRoIExtractor(At = "model.roi_head.bbox_roi_extractor", OutChannels = 256, FeatmapStrides = [4, 8, 16, 32])]
            [RoIAlign(At = "model.roi_head.bbox_roi_extractor.roi_layer", OutputSize = 7)]
            [Shared2FcBBoxHead(At = "model.roi_head.bbox_head", NumClasses = 80)]
            [Shared2FcBBoxHead(At = "model.roi_head.bbox_head", NumClasses = 80, RegClassAgnostic = true)]
            [DeltaXywhBBoxCoder(At = "model.roi_head.bbox_head.1.bbox_coder", TargetStds = [0.05, 0.05, 0.1, 0.1])]
            public partial record Staged : FasterRcnnR50Fpn1xCoco;

            [Experiment]
            [Shared2FcBBoxHead(At = "model.roi_head.bbox_head.1", RegClassAgnostic = false)]
            public partial record Test : Staged;
            """);
        var roi = Assert.IsType<FasterRcnnConfig>(config.Model).RoiHead!;
        Assert.Equal("StagedRoIHead", roi.TypeName);
        var heads = Assert.IsAssignableFrom<IReadOnlyList<ComponentConfig>>(roi.Entries.Single(e => e.Field.Key == "bbox_head").Value);
        Assert.Equal(2, heads.Count);
        var first = Assert.IsType<Shared2FcBBoxHeadConfig>(heads[0]);
        var second = Assert.IsType<Shared2FcBBoxHeadConfig>(heads[1]);
        Assert.Equal((80, false), (first.NumClasses, first.RegClassAgnostic));
        Assert.Equal((80, false), (second.NumClasses, second.RegClassAgnostic));
        Assert.Equal([0.05, 0.05, 0.1, 0.1], Assert.IsType<DeltaXywhBBoxCoderConfig>(second.BboxCoder).TargetStds);
        Assert.Null(first.BboxCoder);
    }

    [Fact]
    public void Cascade_stages_are_changed_one_by_one_through_indexed_paths()
    {
        var config = Config("""
            [Experiment]
            [CrossEntropyLoss(At = "model.roi_head.bbox_head.1.loss_cls", LossWeight = 2.0)]
            [MaxIoUAssigner(At = "model.train_cfg.rcnn.1.assigner", PosIouThr = 0.65)]
            public partial record Test : CascadeRcnnR50Fpn1xCoco;
            """);
        var model = Assert.IsType<CascadeRcnnConfig>(config.Model);
        var heads = Assert.IsType<CascadeRoIHeadConfig>(model.RoiHead).BboxHead;
        Assert.Equal(3, heads.Count);
        Assert.Equal([1.0, 2.0, 1.0], heads.Select(h => Assert.IsType<CrossEntropyLossConfig>(((Shared2FcBBoxHeadConfig)h).LossCls).LossWeight));
        Assert.False(Assert.IsType<CrossEntropyLossConfig>(((Shared2FcBBoxHeadConfig)heads[1]).LossCls).UseSigmoid);
        var rcnn = Assert.IsType<MultiStageTrainCfgConfig>(model.TrainCfg).Rcnn;
        Assert.Equal([0.5, 0.65, 0.7], rcnn.Select(r => ((MaxIoUAssignerConfig)r.Assigner!).PosIouThr));
        Assert.Equal(0.6, ((MaxIoUAssignerConfig)rcnn[1].Assigner!).NegIouThr);
    }

    [Fact]
    public void A_subtype_merges_into_the_inherited_component_without_Delete()
    {
        var config = Config("[Experiment]\n[ResNeXt(Depth = 101, Groups = 32, BaseWidth = 4)]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var backbone = Assert.IsType<ResNeXtConfig>(config.Model!.Backbone);
        Assert.Equal((101, 32, 1), (backbone.Depth, backbone.Groups, backbone.FrozenStages));
        Assert.IsType<BatchNormConfig>(backbone.NormCfg);
    }

    [Fact]
    public void Configs_are_immutable_values_that_with_changes()
    {
        var config = Config("[Experiment]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        var again = Config("[Experiment]\npublic partial record Test : RetinaNetR50Fpn1xCoco;");
        Assert.Equal(config, again);
        var deeper = config with { Model = ((RetinaNetConfig)config.Model!) with { Backbone = ((ResNetConfig)config.Model.Backbone!) with { Depth = 101 } } };
        Assert.NotEqual(config, deeper);
        Assert.Equal(50, ((ResNetConfig)config.Model.Backbone!).Depth);
        Assert.Equal(101, ((ResNetConfig)deeper.Model!.Backbone!).Depth);
    }

    [Fact]
    public void A_pipeline_with_a_user_transform_is_composed_at_run_time_by_the_one_composer()
    {
        var run = GeneratorHarness.Generate(("Configs/Test.cs", """
            using Detect.Config;
            using Detect.Models.Zoo;

            namespace Users;

            /// <summary>A user transform without a declared step.</summary>
            [Register("Blur")]
            public sealed class BlurAttribute : TransformAttribute;

            [Experiment]
            [LoadImageFromFile]
            [Blur]
            [PackDetInputs]
            public partial record Test : RetinaNetR50Fpn1xCoco;
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        var source = run.Source("Users.Test.g.cs");
        // Pipelines are composed at run time by Detect.Config.PipelineComposer (the compiler checked the order: DET301/DET302).
        Assert.DoesNotContain("BuildTrainPipeline", source);
        Assert.Contains("new global::Users.BlurConfig()", source);
    }

    [Fact]
    public void A_dataset_wrapper_at_a_loader_holds_the_inner_dataset_and_takes_the_train_pipeline()
    {
        var run = GeneratorHarness.Generate(("Configs/Test.cs", """
            using Detect.Config;
            using Detect.Models.Zoo;

            namespace Users;

            [Experiment]
            [RepeatDataset(Times = 3, At = Slots.TrainDataset, Delete = true)]
            [CocoDataset(DataRoot = "data/shapes/", AnnFile = "train.json", At = "train_dataloader.dataset.dataset")]
            public partial record Test : RetinaNetR50Fpn1xCoco;
            """));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors);
        var source = run.Source("Users.Test.g.cs");
        Assert.Contains("Dataset = new global::Detect.Config.RepeatDatasetConfig", source);
        Assert.Contains("Times = 3", source);
        Assert.Contains("AnnFile = \"train.json\"", source);
        // The train_pipeline variable flows into the wrapper's pipeline (the one the loader applies).
        var wrapper = source.IndexOf("new global::Detect.Config.RepeatDatasetConfig", StringComparison.Ordinal);
        Assert.InRange(source.IndexOf("Pipeline =", wrapper, StringComparison.Ordinal), wrapper, source.IndexOf("ValDataloader =", StringComparison.Ordinal));
    }
}
