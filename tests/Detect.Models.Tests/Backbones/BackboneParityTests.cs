using Detect.Checkpoints;
using Detect.Models.Converters;

namespace Detect.Models.Tests.Backbones;

/// <summary>
/// Features of Detect's backbones against torchvision 0.14 on the same weights (narrow models of the
/// real structures; the full-size figures are measured by tests/golden/models/ParityCheck).
/// </summary>
public class BackboneParityTests
{
    [Theory]
    [InlineData("resnet50_narrow")]   // Bottleneck, pytorch style, downsample shortcuts
    [InlineData("resnet18_narrow")]   // BasicBlock
    [InlineData("resnext50_narrow")]  // grouped 3×3 convs
    [InlineData("regnet_narrow")]     // RegNet from explicit arch parameters, torchvision's RegNet keys
    public void FeaturesMatchTorchvision(string name)
    {
        var golden = GoldenFeatures.Load(name);
        var errors = BackboneParity.MeasureTorchvision(golden);
        Assert.Equal(4, errors.Length);
        Assert.All(errors, e => Assert.InRange(e, 0, GoldenFeatures.Tolerance));
    }

    [Fact]
    public void PyclsCheckpointConvertedLikeRegnet2mmdetGivesTheSameFeatures()
    {
        // The same weights as regnet_narrow, saved in pycls' layout ({"model_state": ...}, legacy torch.save format).
        var golden = GoldenFeatures.Load("regnet_narrow");
        var pycls = CheckpointLoader.Read(Path.Combine(GoldenFeatures.Directory, "pycls_regnet_narrow.pth"));
        Assert.Equal(CheckpointFormat.TorchLegacy, pycls.Format);

        var converted = new PyclsRegNetConverter().Convert(pycls, arch: null);
        Assert.Empty(converted.Dropped);
        // regnet2mmdet keeps the classifier (head.fc -> fc); the backbone does not use it.
        converted.StateDict.Remove("fc.weight");
        converted.StateDict.Remove("fc.bias");

        var errors = BackboneParity.Measure(golden, converted.StateDict);
        Assert.All(errors, e => Assert.InRange(e, 0, GoldenFeatures.Tolerance));
    }

    [Fact]
    public void PretrainedInitLoadsABackboneFromADetectorCheckpoint()
    {
        // A detector checkpoint holds backbone.* next to other modules; init_cfg prefix='backbone.' takes the backbone.
        var golden = GoldenFeatures.Load("resnet50_narrow");
        var converted = TorchvisionKeys.ResNet().Apply(golden.StateDict).StateDict;
        var detector = new StateDict("detector");
        foreach (var (key, tensor) in converted) detector["backbone." + key] = tensor;
        detector["neck.lateral_convs.0.conv.weight"] = converted["conv1.weight"];
        string path = Path.Combine(Path.GetTempPath(), $"detect-detector-{Guid.NewGuid():N}.safetensors");
        SafeTensors.Save(path, detector);
        try
        {
            using var backbone = new Detect.Models.Backbones.ResNet(50, baseChannels: 4, initCfg: new PretrainedInit(path, "backbone."));
            var report = backbone.InitWeights();
            Assert.NotNull(report);
            Assert.True(report.IsExactMatch, report.ToString());

            backbone.eval();
            using var noGrad = TorchSharp.torch.no_grad();
            var errors = GoldenFeatures.MaxRelativeErrors(backbone.call(golden.Input), golden.Outputs);
            Assert.All(errors, e => Assert.InRange(e, 0, GoldenFeatures.Tolerance));
        }
        finally { File.Delete(path); }
    }
}
