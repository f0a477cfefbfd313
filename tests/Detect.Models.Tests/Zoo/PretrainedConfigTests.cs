using Detect.Checkpoints;
using Detect.Config;
using Detect.Engine;
using Detect.Models.Detectors;
using Detect.Models.Zoo;
using Detect.Runtime.Tests.Checkpoints;

namespace Detect.Models.Tests.Zoo;

/// <summary>
/// A zoo experiment's <c>[Pretrained(Checkpoint = "torchvision://resnet50")]</c> reaches the built backbone and
/// loads torchvision's ResNet-50 layout by name from torch.hub's cache (a narrow ResNet-50 written by
/// torchvision 0.14 stands in for resnet50-0676ba61.pth); without the file, training stops before anything is built.
/// </summary>
public sealed class PretrainedConfigTests : IDisposable
{
    readonly TorchHome home = new();

    // RetinaNet R-50 (its backbone init_cfg is torchvision://resnet50) narrowed to the fixture's widths.
    static IExperiment NarrowRetinaNet() => new RetinaNetR50Fpn1xCoco().WithOptions([
        "model.backbone.base_channels=4", "model.neck.in_channels=[16,32,64,128]", "model.neck.out_channels=8",
        "model.bbox_head.in_channels=8", "model.bbox_head.feat_channels=8"]);

    [Fact]
    public void The_backbone_loads_torchvision_resnet50_by_name_with_fc_reported_as_unexpected()
    {
        string fixture = Path.Combine(GoldenFeatures.Directory, "resnet50_narrow.pth");
        home.Put(fixture, "resnet50-0676ba61.pth");
        var experiment = NarrowRetinaNet();
        Assert.Equal("torchvision://resnet50", ((PretrainedConfig)((ResNetConfig)experiment.Config.Model!.Backbone!).InitCfg!).Checkpoint);

        using var model = (Detector)experiment.BuildModel();
        var messages = new List<string>();
        var reports = PretrainedWeights.InitWeights(model, messages.Add, messages.Add);

        var (name, report) = Assert.Single(reports);
        Assert.Equal("backbone", name);
        Assert.Equal(["fc.weight", "fc.bias"], report.UnexpectedKeys);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.ShapeMismatches);
        Assert.Equal("backbone: load model from: torchvision://resnet50", messages[0]);
        Assert.StartsWith($"backbone: {home.Checkpoints}/resnet50-0676ba61.pth: the model and loaded state dict do not match exactly", messages[1]);

        var torchvision = CheckpointLoader.Read(fixture).StateDict;
        var backbone = model.Backbone.state_dict();
        Assert.Equal(backbone.Count, report.LoadedCount);
        foreach (var (key, tensor) in backbone)
        {
            using var expected = torchvision.ToTensor(key, tensor.device);
            Assert.True(tensor.eq(expected).all().item<bool>(), key);
        }
        Assert.True(model.Backbone.IsInit);
        Assert.Empty(PretrainedWeights.InitWeights(model)); // once
    }

    [Fact]
    public void Training_without_the_cached_checkpoint_stops_before_the_loaders_are_built()
    {
        // The zoo's data (data/coco/) is not here either: reaching the loaders would fail on the annotation file instead.
        var run = new ExperimentRun(NarrowRetinaNet(), new RunOptions(Path.Combine(home.Root, "work"), "cpu", Resume: false, Checkpoint: null, CfgOptions: []));
        var e = Assert.Throws<FileNotFoundException>(() => Detect.Engine.ExperimentRunner.Options(run, test: false, _ => { }));
        Assert.StartsWith($"Checkpoint torchvision://resnet50 is not on this machine: put resnet50-0676ba61.pth into {home.Checkpoints} " +
            "(download it from https://download.pytorch.org/models/resnet50-0676ba61.pth).", e.Message);
    }

    public void Dispose() => home.Dispose();
}
