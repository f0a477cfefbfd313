using Detect.Config.Checks;
using Detect.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Detect.Generators.Tests;

/// <summary>
/// Every diagnostic of the catalogue, each on a config that breaks exactly one rule: the id, the
/// position (file, line and column span of the marked attribute argument) and the message's key words.
/// </summary>
public sealed class DiagnosticTests
{
    private const string File = "Configs/Test.cs";
    private const string Usings = "using Detect.Config;\nusing Detect.Models.Backbones;\nusing Detect.Models.Zoo;\n\nnamespace Users;\n\n";
    private const string Derived = "public partial record Test : RetinaNetR50Fpn1xCoco;";

    /// <summary>(marked source, words the message must contain).</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { $"[Experiment]\n[Fpn(InChannels = [96, 192, 432, 1008])]\n[{{|DET101:RegNet(Arch = RegNetXArch.X3_2GF)|}}]\n{Derived}", "'model.backbone' is ResNet (inherited from RetinaNetR50Fpn1xCoco via part RetinaNetR50Fpn); [RegNet] would merge into it" },
        { $"[Experiment]\n[FocalLoss({{|DET102:At = \"model.bbox_head.loss_clss\"|}})]\n{Derived}", "'model.bbox_head.loss_clss' is not a slot of this config" },
        { $"[Experiment]\n[MultiStepLr({{|DET102:At = \"param_scheduler.2\"|}}, Milestones = [9])]\n{Derived}", "'param_scheduler.2' is not a slot of this config: 'param_scheduler' has 2 items (0..1)" },
        { $"[Experiment]\n[Unset({{|DET102:\"model.backbone.depth\"|}})]\n{Derived}", "'model.backbone.depth' is not a slot of this config: the slots of 'model.backbone' are" },
        { $"[Experiment]\n[Unset({{|DET102:\"param_scheduler.1\"|}})]\n{Derived}", "[Unset] empties a whole slot, not one item of a list" },
        { $"[Experiment]\n[Unset({{|DET108:\"model.backbone\"|}})]\n{Derived}", "'model.backbone' needs a Backbone, but no config sets one: [Unset] cannot empty a required slot" },
        { $"[Experiment]\n[FocalLoss({{|DET103:At = \"model.bbox_head.anchor_generator\"|}})]\n{Derived}", "[FocalLoss] is not a PriorGenerator and cannot fill 'model.bbox_head.anchor_generator'" },
        { $"[Experiment]\n[ResNet(Depth = 101)]\n[{{|DET104:ResNet(Depth = 50)|}}]\n{Derived}", "'model.backbone' is set by both [ResNet] and [ResNet] in Test" },
        { "[Experiment]\npublic record {|DET105:Test|};", "'Test' must be declared as a partial record" },
        { "public sealed class Thing { public Thing(int width) { } }\n[Register(\"Thing\", Builds = typeof(Thing))]\npublic sealed class ThingAttribute : BackboneAttribute\n{\n    public int Width { get; set; }\n    public int {|DET106:Height|} { get; set; }\n}", "ThingAttribute.Height has no parameter 'height' on the constructor of Thing" },
        { "public sealed class Thing { public Thing(int width, int height) { } }\n[{|DET107:Register(\"Thing\", Builds = typeof(Thing))|}]\npublic sealed class ThingAttribute : BackboneAttribute\n{\n    public int Width { get; set; }\n}", "The constructor of Thing needs 'height' (int), which ThingAttribute does not provide" },
        { "public sealed class Thing { public Thing(int width = 3) { } }\n[Register(\"Thing\", Builds = typeof(Thing))]\npublic sealed class ThingAttribute : BackboneAttribute\n{\n    public int Width { get; set; } = {|DET113:3|};\n}", "ThingAttribute.Width = 3 repeats a default the constructor of Thing declares (width = 3)" },
        { "[Register(\"Stages\")]\n[{|DET114:ResidualStagesRule|}]\npublic sealed class StagesAttribute : BackboneAttribute\n{\n    public int Layers { get; set; }\n    public int NumStages { get; set; }\n    public int[] Strides { get; set; } = [1, 2, 2, 2];\n    public int BaseChannels { get; set; }\n    public int[] OutIndices { get; set; } = [0, 1, 2, 3];\n}", "[ResidualStagesRule] reads Depth, which StagesAttribute does not have" },
        { "public sealed class Thing { public Thing(int width) { } }\n[Register(\"Thing\", Builds = typeof(Thing))]\npublic sealed class ThingAttribute : BackboneAttribute\n{\n    public int Width { get; set; }\n    [{|DET115:SettingsFor(\"head\")|}]\n    public NormalizationAttribute? NormCfg { get; }\n}", "ThingAttribute.NormCfg is [SettingsFor(\"head\")], but ThingAttribute has no slot 'head'" },
        { "public sealed class Head { public Head(int numClasses) { } }\n[{|DET116:Register(\"MyHead\", Builds = typeof(Head))|}]\npublic sealed class MyHeadAttribute : DenseHeadAttribute\n{\n    public int NumClasses { get; set; }\n}", "MyHeadAttribute is a DenseHeadAttribute, whose components take the detector's train_cfg and test_cfg, but MyHeadAttribute has no slot for 'train_cfg', 'test_cfg'" },
        { "public sealed class Loss { public Loss(double lossWeight = 1.0, TorchSharp.torch.nn.Reduction reduction = TorchSharp.torch.nn.Reduction.Mean, bool useMask = false) { } }\n[Register(\"MyLoss\", Builds = typeof(Loss))]\npublic sealed class MyLossAttribute : LossAttribute\n{\n    [ConfigOnly]\n    public bool {|DET117:UseMask|} { get; set; }\n}", "MyLossAttribute.UseMask is [ConfigOnly], but the constructor of Loss takes 'useMask'" },
        { "[Experiment]\n[{|DET108:RetinaNet|}]\npublic partial record Test;", "'model.backbone' needs a Backbone, but no config sets one" },
        { "[Experiment]\n[BaseParts(typeof(RetinaNetR50Fpn), {|DET109:typeof(NotAPart)|})]\npublic partial record Test;\npublic abstract record NotAPart;", "NotAPart in [BaseParts] is not marked [ConfigPart]" },
        { "[ConfigPart(ConfigPartKind.Dataset)]\n[{|DET110:Sgd(Lr = 0.01)|}]\npublic abstract record MyData;", "MyData is a dataset part but sets 'optim_wrapper.optimizer'" },
        { "public record Plain;\n[Experiment]\npublic partial record {|DET111:Test|} : Plain;", "'Test' derives from Plain, which is not an experiment" },
        { "[ResNet(Depth = 101)]\npublic partial record {|DET112:Test|} : RetinaNetR50Fpn1xCoco;", "'Test' carries config attributes but is marked neither [Experiment] nor [ConfigPart]" },
        { $"[Experiment]\n[ResNet({{|DET201:Depth = 18|}}, Delete = true)]\n{Derived}", "FPN.InChannels [256, 512, 1024, 2048] (inherited from RetinaNetR50Fpn1xCoco via part RetinaNetR50Fpn) do not match ResNet-18 outputs [64, 128, 256, 512] (set in Test)" },
        { $"[Experiment]\n[RetinaHead({{|DET202:InChannels = 128|}})]\n{Derived}", "RetinaHead.InChannels 128 (set in Test) does not match the 256 channels of the FPN outputs" },
        { $"[Experiment]\n[AnchorGenerator(At = \"model.bbox_head.anchor_generator\", {{|DET203:Strides = [4, 8, 16, 32, 64]|}})]\n{Derived}", "AnchorGenerator.Strides [4, 8, 16, 32, 64] (set in Test) do not match the strides [8, 16, 32, 64, 128] of the FPN outputs" },
        { $"[Experiment]\n[AnchorGenerator(At = \"model.bbox_head.anchor_generator\", {{|DET204:Strides = [8, 16, 32]|}})]\n{Derived}", "AnchorGenerator.Strides [8, 16, 32] (set in Test) has 3 levels, but the FPN outputs have 5" },
        { $"[Experiment]\n[CocoDataset({{|DET205:Classes = [\"a\", \"b\"]|}})]\n{Derived}", "RetinaHead.NumClasses 80 (inherited from RetinaNetR50Fpn1xCoco via part RetinaNetR50Fpn) does not match the 2 classes of train_dataloader.dataset (set in Test)" },
        { "[Experiment]\n[BaseParts(typeof(MaskRcnnR50Fpn))]\n[Shared2FcBBoxHead({|DET206:NumClasses = 3|})]\npublic partial record Test;", "FCNMaskHead.NumClasses 80 (from part MaskRcnnR50Fpn) differs from Shared2FCBBoxHead.NumClasses 3 (set in Test)" },
        { $"[Experiment]\n[RegNet(Arch = RegNetXArch.X800MF, Delete = true)]\n[Fpn({{|DET201:InChannels = [64, 128, 288, 640]|}})]\n{Derived}", "FPN.InChannels [64, 128, 288, 640] (set in Test) do not match RegNet(regnetx_800mf) outputs [64, 128, 288, 672] (set in Test)" },
        { "[Experiment]\n[Shared2FcBBoxHead({|DET202:InChannels = 512|})]\npublic partial record Test : FasterRcnnR50Fpn1xCoco;", "Shared2FCBBoxHead.InChannels 512 (set in Test) does not match the 256 channels of the SingleRoIExtractor outputs (inherited from FasterRcnnR50Fpn1xCoco via part FasterRcnnR50Fpn)" },
        { "[Experiment]\n[SingleRoIExtractor({|DET203:FeatmapStrides = [8, 16, 32, 64]|})]\npublic partial record Test : FasterRcnnR50Fpn1xCoco;", "SingleRoIExtractor.FeatmapStrides [8, 16, 32, 64] (set in Test) do not match the strides [4, 8, 16, 32] of the FPN outputs" },
        { "[Experiment]\n[FcosHead({|DET203:Strides = [4, 8, 16, 32, 64]|})]\npublic partial record Test : FcosR50Fpn1xCoco;", "FCOSHead.Strides [4, 8, 16, 32, 64] (set in Test) do not match the strides [8, 16, 32, 64, 128] of the FPN outputs" },
        { $"[Experiment]\n[ResNet({{|DET207:OutIndices = [0, 1, 2, 4]|}})]\n{Derived}", "ResNet.OutIndices [0, 1, 2, 4] (set in Test) is out of range: ResNet-50 has 4 stages" },
        { "[Experiment]\n[{|DET208:Shared2FcBBoxHead(At = \"model.roi_head.bbox_head\", InChannels = 256, FcOutChannels = 1024, NumClasses = 80)|}]\npublic partial record Test : CascadeRcnnR50Fpn1xCoco;", "'model.roi_head.bbox_head' has 1 item(s) (set in Test), but CascadeRoIHead has 3 stage(s) (num_stages inherited from CascadeRcnnR50Fpn1xCoco via part CascadeRcnnR50Fpn): give one item per stage" },
        { $"[Experiment]\n[{{|DET301:LoadAnnotations|}}]\n[LoadImageFromFile]\n[PackDetInputs]\n{Derived}", "LoadAnnotations in train_dataloader pipeline needs a PipelineSample sample but the start of the pipeline gives DataInfo" },
        { $"[Experiment]\n[LoadImageFromFile]\n[{{|DET302:LoadAnnotations|}}]\n{Derived}", "train_dataloader pipeline ends with LoadAnnotations (PipelineSample)" },
        { "[Experiment]\n[LoadImageFromFile]\n[{|DET303:LoadAnnotations(WithBbox = true)|}]\n[PackDetInputs]\npublic partial record Test : MaskRcnnR50Fpn1xCoco;", "MaskRCNN trains a mask head, but LoadAnnotations.WithMask is False (default)" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[{{|DET304:Mosaic(ImgScale = [640, 640])|}}]\n[PackDetInputs]\n{Derived}", "Mosaic in the pipeline of train_dataloader.dataset (CocoDataset) mixes images drawn from the dataset, which only a MultiImageMixDataset provides" },
        { $"[Experiment]\n[CocoMetric({{|DET305:Metric = [Detect.Evaluation.CocoMetricType.Bbox, Detect.Evaluation.CocoMetricType.Segm]|}})]\n{Derived}", "CocoMetric.Metric asks for segm (set in Test), but RetinaNet predicts no masks" },
        { $"[Experiment]\n[LoadImageFromFile(At = Slots.TtaPipeline)]\n[{{|DET306:Resize(At = Slots.TtaPipeline)|}}]\n{Derived}", "tta_pipeline: it ends with Resize (PipelineSample); it must end with TestTimeAug, whose views the model predicts" },
        { $"[Experiment]\n[LoadImageFromFile(At = Slots.TtaPipeline)]\n[TestTimeAug(At = Slots.TtaPipeline)]\n[TtaChoice(At = \"tta_pipeline.1.transforms\")]\n[{{|DET306:LoadImageFromFile(At = \"tta_pipeline.1.transforms.0.transforms\")|}}]\n{Derived}", "tta_pipeline: tta_pipeline.1.transforms.0.transforms.0: LoadImageFromFile maps DataInfo to PipelineSample" },
        { $"[Experiment]\n[CustomHook({{|DET401:typeof(NotAHook)|}})]\n{Derived}\npublic sealed class NotAHook {{ }}", "CustomHook.HookType Users.NotAHook is not usable: it must derive from Detect.Engine.Hook" },
        { $"[Experiment]\n[CustomHook(typeof(MyHook))]\n[{{|DET402:CustomHook(typeof(MyHook))|}}]\n{Derived}\npublic sealed class MyHook : Detect.Engine.Hook {{ }}", "Hook Users.MyHook appears twice: at 'custom_hooks.0' (set in Test) and at 'custom_hooks.1' (set in Test)" },
        { $"[Experiment]\n[MultiStepLr(End = 12, {{|DET403:Milestones = [11, 8]|}})]\n{Derived}", "MultiStepLR.Milestones [11, 8] (set in Test) must be strictly increasing" },
        { $"[Experiment]\n[EpochBasedTrainLoop({{|DET404:MaxEpochs = 6|}})]\n{Derived}", "MultiStepLR.Milestones [8, 11] (inherited from RetinaNetR50Fpn1xCoco via part Schedule1x) is beyond max_epochs 6 (set in Test)" },
        { $"[Experiment]\n[LinearLr(Begin = 10, {{|DET405:End = 5|}})]\n{Derived}", "LinearLR: Begin 10 must be before End 5 (set in Test)" },
        { $"[Experiment]\n[{{|DET406:InfiniteSampler(Delete = true)|}}]\n{Derived}", "InfiniteSampler in train_dataloader.sampler never ends an epoch, but EpochBasedTrainLoop counts epochs (inherited from RetinaNetR50Fpn1xCoco via part Schedule1x): use DefaultSampler there (set in Test)" },
        { $"[Experiment]\n[{{|DET406:InfiniteSampler(At = Slots.ValSampler, Delete = true)|}}]\n{Derived}", "InfiniteSampler in val_dataloader.sampler never ends an epoch, but validation and testing go through their dataset once" },
        { $"[Experiment]\n[Sgd({{|DET501:Momentum = 1.5|}})]\n{Derived}", "SGD.Momentum 1.5 is outside [0, 1]" },
        { $"[Experiment]\n[{{|DET502:Fpn(Delete = true)|}}]\n{Derived}", "FPN.InChannels must not be empty" },
        { $"[Experiment]\n[ResNet({{|DET503:Depth = 19|}})]\n{Derived}", "ResNet.Depth 19 is not one of 18, 34, 50, 101, 152" },
        { $"[Experiment]\n[DetDataPreprocessor({{|DET504:Mean = [1.0, 2.0]|}})]\n{Derived}", "DetDataPreprocessor.Mean [1.0, 2.0] must have 3 elements" },
        { $"[Experiment]\n[RegNet(Delete = true, {{|DET505:W0 = 12|}}, Wa = 35.73, Wm = 2.28, GroupW = 16, Depth = 16)]\n[Fpn(InChannels = [64, 128, 288, 672])]\n{Derived}", "RegNet.W0 12 is invalid: a custom arch needs w0 > 0 and a multiple of 8" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[{{|DET506:RandomCrop(CropType = Detect.Transforms.CropType.Relative)|}}]\n[PackDetInputs]\n{Derived}", "RandomCrop.CropSize [512.0, 512.0] does not fit the component's other values: with CropType 'relative' it is (width, height) ratios in (0, 1]" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[RandomCrop(CropType = Detect.Transforms.CropType.AbsoluteRange, {{|DET506:CropSize = [600, 300]|}})]\n[PackDetInputs]\n{Derived}", "RandomCrop.CropSize [600.0, 300.0] does not fit the component's other values: with CropType 'absolute_range' it is (min, max) in whole pixels above 0, min <= max" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[RandomResize({{|DET506:Scale = [1333, 800]|}}, KeepRatio = true)]\n[PackDetInputs]\n{Derived}", "RandomResize.Scale [1333, 800] does not fit the component's other values: without RatioRange it is two bounding (width, height) scales" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[RandomChoiceResize({{|DET504:Scales = [1333, 640, 1333]|}})]\n[PackDetInputs]\n{Derived}", "RandomChoiceResize.Scales [1333, 640, 1333] must have a multiple of 2 elements" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[Pad(Size = [640, 640], {{|DET506:SizeDivisor = 32|}})]\n[PackDetInputs]\n{Derived}", "Pad.SizeDivisor 32 does not fit the component's other values: Size is set too; MMCV's Pad takes exactly one of size and size_divisor" },
        { $"[Experiment]\n[LoadImageFromFile]\n[LoadAnnotations]\n[{{|DET506:Pad|}}]\n[PackDetInputs]\n{Derived}", "Pad.SizeDivisor 0 does not fit the component's other values: Pad needs a target: set Size, SizeDivisor or PadToSquare" },
        { $"[Experiment]\n[FocalLoss(At = \"model.bbox_head.loss_cls\", {{|DET506:Reduction = TorchSharp.torch.nn.Reduction.Sum|}})]\n{Derived}", "FocalLoss.Reduction sum does not fit the component's other values: RetinaHead averages loss_cls by its avg_factor, so the reduction must be 'mean'" },
        { "[Experiment]\n[RandomSampler(At = \"model.train_cfg.rpn.sampler\", Num = 256, PosFraction = 0.5, NegPosUb = -1, {|DET506:AddGtAsProposals = true|})]\npublic partial record Test : FasterRcnnR50Fpn1xCoco;", "RandomSampler.AddGtAsProposals True does not fit the component's other values: a dense head samples among its own anchors or points" },
    };

    [Fact]
    public void Mosaic_and_MixUp_in_a_MultiImageMixDataset_compile()
    {
        // MMDetection's YOLOX layout: the inner dataset loads, the wrapper's own pipeline mixes and packs.
        var source = Usings + "[Experiment]\n" +
            "[MultiImageMixDataset(At = Slots.TrainDataset, Delete = true)]\n" +
            "[CocoDataset(At = \"train_dataloader.dataset.dataset\", AnnFile = \"a.json\")]\n" +
            "[LoadImageFromFile(At = \"train_dataloader.dataset.dataset.pipeline\")]\n" +
            "[LoadAnnotations(At = \"train_dataloader.dataset.dataset.pipeline\")]\n" +
            "[Mosaic(At = \"train_dataloader.dataset.pipeline\", ImgScale = [640, 640])]\n" +
            "[MixUp(At = \"train_dataloader.dataset.pipeline\", ImgScale = [640, 640])]\n" +
            "[PackDetInputs(At = \"train_dataloader.dataset.pipeline\")]\n" + Derived;
        var run = GeneratorHarness.Generate((File, source));
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_at_the_wrong_argument(string marked, string message)
    {
        var markup = Markup.Parse(Usings + marked);
        var run = GeneratorHarness.Generate((File, markup.Source));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(markup.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var position = diagnostic.Location.GetLineSpan();
        Assert.Equal(File, position.Path);
        Assert.Equal(markup.Span, position.Span);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // The IDE's link opens the id's docs page in the repository.
        Assert.Equal($"https://github.com/detect-dotnet/detect/blob/main/docs/diagnostics/{markup.Id}.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_catalogue_entry_has_a_case_and_a_docs_page()
    {
        var tested = Cases.Select(c => Markup.Parse((string)c[0]).Id).ToHashSet();
        var docs = Path.Combine(Infrastructure.Snapshot.RepositoryRoot(), "docs", "diagnostics");
        foreach (var entry in DiagnosticCatalog.All)
        {
            Assert.Contains(entry.Id, tested);
            Assert.True(System.IO.File.Exists(Path.Combine(docs, entry.Id + ".md")), $"docs/diagnostics/{entry.Id}.md is missing");
        }
        Assert.Equal(DiagnosticCatalog.All.Count, DiagnosticCatalog.All.Select(e => e.Id).Distinct().Count());
    }
}
