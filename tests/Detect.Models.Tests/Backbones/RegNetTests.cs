using System.Text.Json;
using Detect.Models.Backbones;
using Detect.Platform;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Backbones;

public class RegNetTests
{
    readonly Generator gen = new(7);   // inputs drawn from a fixed seed

    public RegNetTests() => TorchRuntime.EnsureInitialized();

    // MMDetection's own unit test (tests/test_models/test_backbones/test_regnet.py, regnet_test_data):
    // arch name -> output channels.
    [Theory]
    [InlineData("regnetx_400mf", new[] { 32, 64, 160, 384 })]
    [InlineData("regnetx_800mf", new[] { 64, 128, 288, 672 })]
    [InlineData("regnetx_1.6gf", new[] { 72, 168, 408, 912 })]
    [InlineData("regnetx_3.2gf", new[] { 96, 192, 432, 1008 })]
    [InlineData("regnetx_4.0gf", new[] { 80, 240, 560, 1360 })]
    [InlineData("regnetx_6.4gf", new[] { 168, 392, 784, 1624 })]
    [InlineData("regnetx_8.0gf", new[] { 80, 240, 720, 1920 })]
    [InlineData("regnetx_12gf", new[] { 224, 448, 896, 2240 })]
    public void ArchTableExpandsToMmdetectionsWidths(string arch, int[] widths)
    {
        Assert.Equal(widths, RegNet.OutputChannels(arch));
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenFeatures.Directory, "architectures.golden.json")))
            .RootElement.GetProperty("regnet").GetProperty(arch);
        var stages = RegNet.ArchSettings[arch].Expand();
        Assert.Equal(expected.GetProperty("depths").EnumerateArray().Select(d => d.GetInt32()), stages.Depths);
        Assert.Equal(expected.GetProperty("group_widths").EnumerateArray().Select(d => d.GetInt32()), stages.GroupWidths);
    }

    // Parameter counts of the same stages built with torchvision's RegNet classes (fc excluded).
    [Theory]
    [InlineData("regnetx_400mf")]
    [InlineData("regnetx_800mf")]
    [InlineData("regnetx_3.2gf")]
    [InlineData("regnetx_4.0gf")]
    [InlineData("regnetx_8.0gf")]
    [InlineData("regnetx_12gf")]
    public void ParameterCountsMatchTheReferenceStructure(string arch)
    {
        long expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenFeatures.Directory, "architectures.golden.json")))
            .RootElement.GetProperty("regnet").GetProperty(arch).GetProperty("params").GetInt64();
        using var model = Seeded.Build(() => new RegNet(arch));
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void DocstringExampleOfMmdetection()
    {
        // RegNet(arch=dict(w0=88, wa=26.31, wm=2.25, group_w=48, depth=25, bot_mul=1.0)) on 1x3x32x32:
        // (1, 96, 8, 8) (1, 192, 4, 4) (1, 432, 2, 2) (1, 1008, 1, 1)
        using var model = Seeded.Build(() => new RegNet(new RegNetArch(88, 26.31, 2.25, 48, 25, 1.0)));
        model.eval();
        using var scope = NewDisposeScope();
        var outs = model.call(rand(1, 3, 32, 32, generator: gen));
        Assert.Equal([[1L, 96, 8, 8], [1L, 192, 4, 4], [1L, 432, 2, 2], [1L, 1008, 1, 1]], outs.Select(o => o.shape));
        Assert.Equal([4, 8, 16, 32], model.OutputShapes.Select(s => s.Stride));
        Assert.Equal([4, 8, 16, 32], RegNet.OutputStrides());
    }

    [Fact]
    public void KeysAreMmdetectionsResNetStyleKeys()
    {
        using var model = Seeded.Build(() => new RegNet("regnetx_400mf"));
        var shapes = model.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal([32L, 3, 3, 3], shapes["conv1.weight"]);
        Assert.Equal([32L], shapes["bn1.weight"]);
        Assert.Equal([32L, 32, 1, 1], shapes["layer1.0.downsample.0.weight"]);
        Assert.Equal([384L, 16, 3, 3], shapes["layer4.11.conv2.weight"]); // 384 channels in groups of 16
        Assert.DoesNotContain("maxpool", model.named_children().Select(c => c.name));
        var conv2 = (Conv2d)model.named_modules().Single(p => p.name == "layer4.0.conv2").module;
        Assert.Equal(24, conv2.groups);
    }

    [Fact]
    public void UnknownArchNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => new RegNet("regnetx_233mf"));
        Assert.Contains("\"arch\": \"regnetx_233mf\" is not one of the arch_settings (regnetx_400mf, regnetx_800mf", e.Message);
    }

    [Fact]
    public void InvalidExplicitArchIsAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => new RegNetArch(20, 24.48, 2.54, 16, 22).Expand());
        Assert.Contains("w0 > 0 and a multiple of 8", e.Message);
    }
}
