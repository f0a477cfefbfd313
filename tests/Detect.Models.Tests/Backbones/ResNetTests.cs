using System.Text.Json;
using Detect.Models.Backbones;
using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Backbones;

public class ResNetTests
{
    readonly Generator gen = new(7);   // inputs drawn from a fixed seed

    public ResNetTests() => TorchRuntime.EnsureInitialized();

    static JsonElement Architectures(string family) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenFeatures.Directory, "architectures.golden.json"))).RootElement.GetProperty(family);

    static long ParameterCount(nn.Module m) => m.parameters().Sum(p => p.numel());

    // Parameter counts of torchvision's models (classifier excluded): same structure, same sizes.
    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    [InlineData("resnet101")]
    [InlineData("resnext50_32x4d")]
    [InlineData("resnext101_32x8d")]
    public void FullSizeModelsHaveTorchvisionsParameterCounts(string name)
    {
        var arch = Architectures("resnet").GetProperty(name);
        int depth = arch.GetProperty("depth").GetInt32();
        using nn.Module model = arch.TryGetProperty("groups", out var g)
            ? new ResNeXt(depth, g.GetInt32(), arch.GetProperty("base_width").GetInt32())
            : new ResNet(depth);
        Assert.Equal(arch.GetProperty("params").GetInt64(), ParameterCount(model));
    }

    [Theory]
    [InlineData(18, new[] { 64, 128, 256, 512 })]
    [InlineData(34, new[] { 64, 128, 256, 512 })]
    [InlineData(50, new[] { 256, 512, 1024, 2048 })]
    [InlineData(101, new[] { 256, 512, 1024, 2048 })]
    [InlineData(152, new[] { 256, 512, 1024, 2048 })]
    public void OutputChannelsRule(int depth, int[] channels)
    {
        Assert.Equal(channels, ResNet.OutputChannels(depth));
        Assert.Equal(channels[1..], ResNet.OutputChannels(depth, 64, [1, 2, 3]));
        Assert.Equal(channels.Select(c => c / 2), ResNet.OutputChannels(depth, 32));
    }

    [Fact]
    public void OutputStridesRule()
    {
        Assert.Equal([4, 8, 16, 32], ResNet.OutputStrides());
        Assert.Equal([8, 16, 32], ResNet.OutputStrides(outIndices: [1, 2, 3]));
        Assert.Equal([8, 32], ResNet.OutputStrides(outIndices: [3, 1])); // stage order, as forward returns them
        Assert.Equal([4, 8, 16, 16], ResNet.OutputStrides([1, 2, 2, 1])); // dilated C5 (strides 1, dilation 2)
    }

    [Fact]
    public void ForwardReturnsTheRequestedStagesWithThePublishedShapes()
    {
        using var model = Seeded.Build(() => new ResNet(18, baseChannels: 8, outIndices: [1, 3]));
        model.eval();
        using var scope = NewDisposeScope();
        var outs = model.call(randn(2, 3, 64, 96, generator: gen));
        Assert.Equal([new ShapeSpec(16, 8), new ShapeSpec(64, 32)], model.OutputShapes);
        Assert.Equal([2L, 16, 8, 12], outs[0].shape);
        Assert.Equal([2L, 64, 2, 3], outs[1].shape);
    }

    [Fact]
    public void KeysAreMmdetectionsAndNormNamesFollowTheNormType()
    {
        using var bn = Seeded.Build(() => new ResNet(50, numStages: 1, strides: [1], dilations: [1], outIndices: [0]));
        var keys = bn.state_dict().Keys.ToList();
        Assert.Equal(["bn1.bias", "bn1.num_batches_tracked", "bn1.running_mean", "bn1.running_var", "bn1.weight", "conv1.weight"],
            keys.Where(k => !k.StartsWith("layer")).Order());
        Assert.Contains("layer1.0.downsample.0.weight", keys);
        Assert.Contains("layer1.0.downsample.1.running_var", keys);
        Assert.Contains("layer1.2.bn3.weight", keys);

        using var gn = Seeded.Build(() => new ResNet(18, normCfg: NormConfig.GN(32)));
        var gnKeys = gn.state_dict().Keys.ToHashSet();
        Assert.Contains("gn1.weight", gnKeys);
        Assert.Contains("layer2.0.gn2.bias", gnKeys);
        Assert.Contains("layer2.0.downsample.1.weight", gnKeys);
        Assert.DoesNotContain(gnKeys, k => k.Contains(".bn") || k.StartsWith("bn"));
    }

    [Fact]
    public void CaffeStylePutsTheStrideOnTheFirstConv()
    {
        using var pytorch = Seeded.Build(() => new ResNet(50, strides: [1, 2, 2, 2]));
        using var caffe = Seeded.Build(() => new ResNet(50, style: ResNetStyle.Caffe));
        Conv2d Conv(ResNet m, string name) => (Conv2d)m.named_modules().Single(p => p.name == name).module;
        Assert.Equal([1L, 1], Conv(pytorch, "layer2.0.conv1").stride);
        Assert.Equal([2L, 2], Conv(pytorch, "layer2.0.conv2").stride);
        Assert.Equal([2L, 2], Conv(caffe, "layer2.0.conv1").stride);
        Assert.Equal([1L, 1], Conv(caffe, "layer2.0.conv2").stride);
    }

    [Fact]
    public void DeepStemAndAvgDownUseMmdetectionsKeys()
    {
        // ResNetV1d: deep_stem=True, avg_down=True
        using var model = Seeded.Build(() => new ResNet(50, deepStem: true, avgDown: true));
        var shapes = model.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal([32L, 3, 3, 3], shapes["stem.0.weight"]);
        Assert.Equal([32L], shapes["stem.1.weight"]);
        Assert.Equal([64L, 32, 3, 3], shapes["stem.6.weight"]);
        Assert.Equal([64L], shapes["stem.7.weight"]);
        Assert.DoesNotContain("conv1.weight", shapes.Keys);
        Assert.Equal([256L, 64, 1, 1], shapes["layer1.0.downsample.0.weight"]);   // stride 1: no pool, conv first
        Assert.Equal([512L, 256, 1, 1], shapes["layer2.0.downsample.1.weight"]);  // stride 2: pool, then conv
        Assert.Equal([512L], shapes["layer2.0.downsample.2.weight"]);

        model.eval();
        using var scope = NewDisposeScope();
        var outs = model.call(randn(1, 3, 65, 65, generator: gen)); // odd size: the average pool's ceil_mode matters
        Assert.Equal([[1L, 256, 17, 17], [1L, 512, 9, 9], [1L, 1024, 5, 5], [1L, 2048, 3, 3]], outs.Select(o => o.shape));
    }

    [Fact]
    public void DilationKeepsResolution()
    {
        using var model = Seeded.Build(() => new ResNet(18, baseChannels: 8, strides: [1, 2, 2, 1], dilations: [1, 1, 1, 2]));
        var conv = (Conv2d)model.named_modules().Single(p => p.name == "layer4.1.conv1").module;
        Assert.Equal([2L, 2], conv.dilation);
        Assert.Equal([2L, 2], conv.padding!);
        model.eval();
        using var scope = NewDisposeScope();
        Assert.Equal([1L, 64, 4, 4], model.call(randn(1, 3, 64, 64, generator: gen))[3].shape);
    }

    [Fact]
    public void FrozenStagesStopGradientsAndStayInEvalMode()
    {
        using var model = Seeded.Build(() => new ResNet(18, baseChannels: 8, frozenStages: 1, normEval: false));
        model.train();
        var frozen = model.named_parameters().Where(p => p.name.StartsWith("conv1") || p.name.StartsWith("bn1") || p.name.StartsWith("layer1."));
        Assert.All(frozen, p => Assert.False(p.parameter.requires_grad, p.name));
        Assert.All(model.named_parameters().Where(p => p.name.StartsWith("layer2.")), p => Assert.True(p.parameter.requires_grad, p.name));
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        Assert.False(modules["bn1"].training);
        Assert.False(modules["layer1.0.bn1"].training);
        Assert.True(modules["layer2.0.bn1"].training);
    }

    [Fact]
    public void NormEvalKeepsBatchNormStatisticsWhileTraining()
    {
        using var model = Seeded.Build(() => new ResNet(18, baseChannels: 8, normEval: true));
        model.train();
        Assert.True(model.training);
        var norms = model.modules().OfType<BatchNorm>().ToList();
        Assert.Equal(20, norms.Count); // the stem's, two per basic block, one per downsample of stages 2-4
        Assert.All(norms, bn => Assert.False(bn.training));
        var before = model.state_dict()["layer1.0.bn1.running_mean"].clone();
        using (var scope = NewDisposeScope()) model.call(randn(2, 3, 32, 32, generator: gen));
        Assert.True(before.equal(model.state_dict()["layer1.0.bn1.running_mean"]).all().item<bool>());

        using var trainable = Seeded.Build(() => new ResNet(18, baseChannels: 8, normEval: false));
        trainable.train();
        Assert.All(trainable.modules().OfType<BatchNorm>(), bn => Assert.True(bn.training));
    }

    [Fact]
    public void FrozenBatchNormConfigHasNoTrainableNormParameters()
    {
        using var model = Seeded.Build(() => new ResNet(18, baseChannels: 8, normCfg: NormConfig.FrozenBN));
        Assert.DoesNotContain(model.named_parameters(), p => !p.name.Contains("conv") && !p.name.Contains("downsample.0"));
        Assert.Contains("layer1.0.bn1.running_var", model.state_dict().Keys);
        Assert.DoesNotContain("layer1.0.bn1.num_batches_tracked", model.state_dict().Keys);

        using var frozenAffine = Seeded.Build(() => new ResNet(18, baseChannels: 8, normCfg: new NormConfig { RequiresGrad = false }));
        Assert.All(frozenAffine.named_parameters().Where(p => p.name.Contains("bn")), p => Assert.False(p.parameter.requires_grad));
    }

    [Fact]
    public void RandomInitFollowsMmdetectionsInitCfg()
    {
        using var model = Seeded.Build(() => new ResNet(50, numStages: 2, strides: [1, 2], dilations: [1, 1], outIndices: [1]));
        var sd = model.state_dict();
        Assert.Equal(1f, sd["bn1.weight"].min().item<float>());
        Assert.Equal(0f, sd["layer1.0.bn3.weight"].abs().max().item<float>()); // zero_init_residual
        Assert.Equal(1f, sd["layer1.0.bn2.weight"].min().item<float>());
        // Kaiming normal, fan_out, relu: std = sqrt(2 / (out_channels * k * k)) = sqrt(2 / (256 * 1)) for layer1.0.conv3.
        double std = sd["layer2.0.conv2.weight"].std().item<float>();
        Assert.InRange(std, Math.Sqrt(2.0 / (128 * 9)) * 0.95, Math.Sqrt(2.0 / (128 * 9)) * 1.05);
    }

    [Theory]
    [InlineData(42, "invalid depth 42 for ResNet")]
    public void InvalidDepthIsAnError(int depth, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => new ResNet(depth)).Message);

    [Fact]
    public void InvalidArgumentsAreErrorsNamingTheValues()
    {
        Assert.Contains("out_indices [4] must be stage indices below num_stages = 4", Assert.Throws<ArgumentException>(() => new ResNet(18, outIndices: [4])).Message);
        Assert.Contains("strides (3) and dilations (4)", Assert.Throws<ArgumentException>(() => new ResNet(18, strides: [1, 2, 2])).Message);
        Assert.Contains("frozen_stages = 5 exceeds num_stages = 4", Assert.Throws<ArgumentException>(() => new ResNet(18, frozenStages: 5)).Message);
        Assert.Contains("invalid depth 18 for ResNeXt", Assert.Throws<ArgumentException>(() => new ResNeXt(18, 32, 4)).Message);
    }

    [Fact]
    public void ResNeXtWidthsFollowMmdetectionsFormula()
    {
        // X-101-32x4d: layer1 width floor(64 * 4 / 64) * 32 = 128, layer4 floor(512 * 4 / 64) * 32 = 1024
        Assert.Equal(128, Bottleneck.InnerWidth(64, 32, 4, 64));
        Assert.Equal(1024, Bottleneck.InnerWidth(512, 32, 4, 64));
        Assert.Equal(64, Bottleneck.InnerWidth(64, 1, 4, 64));
        using var model = Seeded.Build(() => new ResNeXt(50, groups: 32, baseWidth: 4, numStages: 1, strides: [1], dilations: [1], outIndices: [0]));
        var conv2 = (Conv2d)model.named_modules().Single(p => p.name == "layer1.0.conv2").module;
        Assert.Equal(32, conv2.groups);
        Assert.Equal([128L, 4, 3, 3], conv2.weight!.shape);
    }
}
