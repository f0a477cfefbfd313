using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;
using Detect.Models.Converters;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Converters;

public sealed class ConverterTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("detect-convert-").FullName;

    public ConverterTests() => TorchRuntime.EnsureInitialized();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static StateDict Keys(params string[] keys)
    {
        var state = new StateDict("test.pth");
        using var t = zeros(1);
        var stored = StoredTensor.FromTensor(t);
        foreach (var key in keys) state[key] = stored;
        return state;
    }

    [Fact]
    public void PyclsKeysConvertAsRegnet2mmdetDoes()
    {
        var result = PyclsRegNetConverter.Keys().Apply(Keys(
            "stem.conv.weight", "stem.bn.running_mean", "s1.b1.proj.weight", "s1.b1.bn.bias", "s1.b1.f.a.weight",
            "s1.b1.f.a_bn.weight", "s2.b3.f.b.weight", "s3.b12.f.c_bn.running_var", "s4.b2.f.c.weight", "head.fc.bias"));
        Assert.Equal(["conv1.weight", "bn1.running_mean", "layer1.0.downsample.0.weight", "layer1.0.downsample.1.bias",
            "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer2.2.conv2.weight", "layer3.11.bn3.running_var",
            "layer4.1.conv3.weight", "fc.bias"], result.StateDict.Keys);
        Assert.Empty(result.Dropped);
    }

    [Fact]
    public void TorchvisionRegNetKeysConvert()
    {
        var result = TorchvisionKeys.RegNet().Apply(Keys(
            "stem.0.weight", "stem.1.bias", "trunk_output.block2.block2-0.proj.0.weight", "trunk_output.block2.block2-0.proj.1.running_var",
            "trunk_output.block3.block3-6.f.b.0.weight", "trunk_output.block4.block4-1.f.c.1.weight", "fc.weight"));
        Assert.Equal(["conv1.weight", "bn1.bias", "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var",
            "layer3.6.conv2.weight", "layer4.1.bn3.weight"], result.StateDict.Keys);
        Assert.Equal(["fc.weight"], result.Dropped);
    }

    [Fact]
    public void FragmentsComposeIntoDetectorMappings()
    {
        // How a torchvision detection model's mapping is built: backbone.body -> backbone, backbone.fpn -> neck.
        var detector = new KeyMap()
            .Include(TorchvisionKeys.ResNet(), from: "backbone.body.", to: "backbone.")
            .Include(TorchvisionKeys.Fpn(levels: 3), from: "backbone.fpn.", to: "neck.")
            .Drop(@"head\..+");
        var result = detector.Apply(Keys("backbone.body.layer1.0.conv1.weight", "backbone.body.bn1.weight",
            "backbone.fpn.inner_blocks.2.0.weight", "backbone.fpn.extra_blocks.p7.bias", "head.classification_head.cls_logits.weight"));
        Assert.Equal(["backbone.layer1.0.conv1.weight", "backbone.bn1.weight", "neck.lateral_convs.2.conv.weight", "neck.fpn_convs.4.conv.bias"],
            result.StateDict.Keys);
        Assert.Equal(["head.classification_head.cls_logits.weight"], result.Dropped);
    }

    [Fact]
    public void KeysNoRuleMatchesAreAnErrorNamingFileAndKeys()
    {
        var e = Assert.Throws<KeyMapException>(() => TorchvisionKeys.ResNet().Apply(Keys("conv1.weight", "features.0.weight", "classifier.1.bias")));
        Assert.Equal("test.pth: 2 keys match no conversion rule (is it the right architecture?): features.0.weight, classifier.1.bias", e.Message);
    }

    [Fact]
    public void TwoKeysOntoOneNameIsAnError()
    {
        var map = new KeyMap().Rename(@"(a|b)\.w", "x.w");
        Assert.Contains("two keys convert to 'x.w' (the second is 'b.w')", Assert.Throws<KeyMapException>(() => map.Apply(Keys("a.w", "b.w"))).Message);
    }

    [Fact]
    public void UnknownSourcesAndArchsListTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => CheckpointConverters.Find("detectron"));
        Assert.StartsWith("unknown --from 'detectron'; available: torchvision, pycls-regnet, mmdet-v1, detectron2", e.Message);
        var checkpoint = CheckpointLoader.Read(Path.Combine(GoldenFeatures.Directory, "resnet18_narrow.pth"));
        var arch = Assert.Throws<ArgumentException>(() => new TorchvisionConverter().Convert(checkpoint, "vgg16"));
        Assert.Contains("--from torchvision needs --arch, one of: resnet18, resnet34, resnet50", arch.Message);
        Assert.DoesNotContain("regnet_x_400mf", new TorchvisionConverter().Archs); // not MMDetection's regnetx_400mf
    }

    [Fact]
    public void ConvertChecksTheWeightsAgainstTheModel()
    {
        // A narrow ResNet-50 (base 4) is not torchvision's resnet50: the check names the mismatches.
        var e = Assert.Throws<CheckpointMismatchException>(() =>
            CheckpointConverters.Convert("torchvision", "resnet50", Path.Combine(GoldenFeatures.Directory, "resnet50_narrow.pth")));
        Assert.Contains("size mismatch for conv1.weight: copying a param with shape [4, 3, 7, 7] from checkpoint, the shape in current model is [64, 3, 7, 7].", e.Message);
        Assert.Contains("more size mismatches", e.Message);
    }

    [Theory]
    [InlineData("converted.pth")]
    [InlineData("converted.safetensors")]
    public void SavedConversionsReadBackWithProvenance(string name)
    {
        var (result, check) = CheckpointConverters.Convert("pycls-regnet", null, Path.Combine(GoldenFeatures.Directory, "pycls_regnet_narrow.pth"));
        Assert.Null(check);
        string path = Path.Combine(folder, name);
        var meta = new Dictionary<string, string> { ["converted_from"] = "pycls-regnet", ["source"] = "pycls_regnet_narrow.pth" };

        CheckpointConverters.Save(path, result.StateDict, meta);

        var back = CheckpointLoader.Read(path);
        Assert.Equal(result.StateDict.Keys, back.StateDict.Keys);
        if (back.Format == CheckpointFormat.SafeTensors) Assert.Equal(meta, back.Metadata);
        else Assert.Equal("pycls-regnet", back.Meta!["converted_from"]);
        using var expected = result.StateDict.ToTensor("layer2.1.conv2.weight");
        using var actual = back.StateDict.ToTensor("layer2.1.conv2.weight");
        Assert.True(expected.equal(actual).all().item<bool>());
    }

    [Fact]
    public void TorchvisionReferenceCheckpointsWithAModelEntryAreUnwrapped()
    {
        var source = CheckpointLoader.Read(Path.Combine(GoldenFeatures.Directory, "resnet18_narrow.pth")).StateDict;
        string path = Path.Combine(folder, "reference.pth");
        TorchCheckpointWriter.Save(path, new Dictionary<string, object?> { ["model"] = source, ["epoch"] = 89 });
        var result = new TorchvisionConverter().Convert(CheckpointLoader.Read(path), "resnet18");
        Assert.Equal(source.Count - 2, result.StateDict.Count);
        Assert.Equal(["fc.weight", "fc.bias"], result.Dropped);
        Assert.IsType<PickleDict>(CheckpointLoader.Read(path).Root);
    }
}
