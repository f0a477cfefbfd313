using Detect.Checkpoints;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>Loading by name with MMEngine's strict / non-strict report.</summary>
public sealed class CheckpointLoaderTests : TempFolderTest
{
    // backbone.conv1 = Conv2d(2, 3, 1), backbone.bn1 = BatchNorm2d(3): the layout of mmdet_style.pth.
    sealed class Stem : nn.Module<Tensor, Tensor>
    {
        public Stem(nn.Module<Tensor, Tensor>? norm = null) : base("Stem")
        {
            register_module("conv1", nn.Conv2d(2, 3, 1));
            register_module("bn1", norm ?? nn.BatchNorm2d(3));
        }

        public override Tensor forward(Tensor x) => x;
    }

    sealed class Detector : nn.Module<Tensor, Tensor>
    {
        public Detector(nn.Module<Tensor, Tensor>? norm = null) : base("Detector") => register_module("backbone", new Stem(norm));

        public override Tensor forward(Tensor x) => x;
    }

    [Fact]
    public void LoadsMmdetectionCheckpointStrippingModulePrefix()
    {
        using var model = new Detector();
        var report = CheckpointLoader.LoadCheckpoint(model, Golden.PathOf("mmdet_style.pth"), strict: true);

        Assert.True(report.IsExactMatch, report.ToString());
        Assert.Equal(7, report.LoadedCount);
        var expected = Golden.Expected("mmdet_style");
        foreach (var (key, tensor) in model.state_dict())
            Golden.AssertTensor(expected.GetProperty("module." + key), tensor, key);
    }

    [Fact]
    public void PretrainedInitWithPrefixLoadsASubtree()
    {
        using var stem = new Stem();
        var report = new PretrainedInit(Golden.PathOf("mmdet_style.pth"), prefix: "module.backbone").Apply(stem);
        Assert.True(report.IsExactMatch, report.ToString());
        Golden.AssertTensor(Golden.Expected("mmdet_style").GetProperty("module.backbone.conv1.weight"), stem.state_dict()["conv1.weight"], "conv1.weight");
    }

    [Fact]
    public void PrefixThatSelectsNothingIsAnError()
    {
        using var stem = new Stem();
        var e = Assert.Throws<KeyNotFoundException>(() => new PretrainedInit(Golden.PathOf("mmdet_style.pth"), "neck.").Apply(stem));
        Assert.Contains("mmdet_style.pth: no key starts with 'neck.'", e.Message);
    }

    [Fact]
    public void NonStrictReportsMissingUnexpectedAndMismatchedAndLoadsTheRest()
    {
        using var model = new Detector();
        var before = model.state_dict()["backbone.conv1.weight"].clone();
        string path = Save(new()
        {
            ["backbone.conv1.weight"] = ones(4, 2, 1, 1),  // wrong shape: not loaded
            ["backbone.bn1.weight"] = full(3, 2f),
            ["backbone.bn1.bias"] = full(3, 3f),
            ["backbone.bn1.running_mean"] = full(3, 4f),
            ["backbone.bn1.running_var"] = full(3, 5f),
            ["neck.extra.weight"] = ones(1),               // unexpected
        });

        var report = CheckpointLoader.LoadCheckpoint(model, path);

        Assert.Equal(["backbone.conv1.bias"], report.MissingKeys); // num_batches_tracked is not reported, as in MMEngine
        Assert.Equal(["neck.extra.weight"], report.UnexpectedKeys);
        var mismatch = Assert.Single(report.ShapeMismatches);
        Assert.Equal("backbone.conv1.weight", mismatch.Key);
        Assert.Equal(4, report.LoadedCount);
        Assert.Equal(2f, model.state_dict()["backbone.bn1.weight"][0].item<float>());
        Assert.Equal(5f, model.state_dict()["backbone.bn1.running_var"][2].item<float>());
        Assert.True(before.equal(model.state_dict()["backbone.conv1.weight"]).all().item<bool>());

        string text = report.ToString();
        Assert.Contains("the model and loaded state dict do not match exactly", text);
        Assert.Contains("size mismatch for backbone.conv1.weight: copying a param with shape [4, 2, 1, 1] from checkpoint, the shape in current model is [3, 2, 1, 1].", text);
        Assert.Contains("unexpected key in source state_dict: neck.extra.weight", text);
        Assert.Contains("missing keys in source state_dict: backbone.conv1.bias", text);
    }

    [Fact]
    public void StrictThrowsNamingTheKeysAndLoadsNothing()
    {
        using var model = new Detector();
        var before = model.state_dict()["backbone.bn1.weight"].clone();
        string path = Save(new() { ["backbone.bn1.weight"] = full(3, 9f), ["backbone.extra"] = ones(1) });

        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.LoadCheckpoint(model, path, strict: true));

        Assert.Contains(path, e.Message);
        Assert.Contains("unexpected key in source state_dict: backbone.extra", e.Message);
        Assert.Contains("backbone.conv1.weight", e.Report.MissingKeys);
        Assert.True(before.equal(model.state_dict()["backbone.bn1.weight"]).all().item<bool>());
    }

    // A norm that, like torchvision's FrozenBatchNorm2d, has no num_batches_tracked and drops it silently.
    sealed class FrozenNorm : nn.Module<Tensor, Tensor>, IIgnoresCheckpointKeys
    {
        public FrozenNorm() : base("FrozenNorm")
        {
            foreach (var name in new[] { "weight", "bias", "running_mean", "running_var" }) register_buffer(name, zeros(3));
        }

        public bool IgnoresCheckpointKey(string localKey) => localKey == "num_batches_tracked";

        public override Tensor forward(Tensor x) => x;
    }

    [Fact]
    public void ModulesCanIgnoreCheckpointKeys()
    {
        using var model = new Detector(new FrozenNorm());
        var report = CheckpointLoader.LoadCheckpoint(model, Golden.PathOf("mmdet_style.pth"), strict: true);
        Assert.True(report.IsExactMatch, report.ToString());
        Assert.Equal(6, report.LoadedCount);
    }

    [Fact]
    public void ConvertsDtypeOnCopyAsCopyDoes()
    {
        using var model = new Detector();
        string path = Save(new() { ["backbone.bn1.weight"] = tensor(new double[] { 0.5, 1.5, 2.5 }) });
        CheckpointLoader.LoadCheckpoint(model, path);
        Assert.Equal([0.5f, 1.5f, 2.5f], model.state_dict()["backbone.bn1.weight"].data<float>().ToArray());
    }

    string Save(Dictionary<string, Tensor> tensors)
    {
        string path = Path.Combine(Folder, $"{Guid.NewGuid():N}.safetensors");
        SafeTensors.Save(path, tensors);
        return path;
    }
}
