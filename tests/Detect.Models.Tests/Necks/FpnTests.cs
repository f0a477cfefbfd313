using System.Text.Json;
using Detect.Checkpoints;
using Detect.Models.Converters;
using Detect.Models.Layers;
using Detect.Models.Necks;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Necks;

public class FpnTests
{
    readonly Generator gen = new(7);   // inputs drawn from a fixed seed

    // torchvision.ops.FeaturePyramidNetwork with LastLevelMaxPool / LastLevelP6P7 / GroupNorm, on odd-sized
    // inputs (16×20, 8×10, 4×5, 2×3) so that nearest upsampling to the finer size is exercised.
    [Theory]
    [InlineData("fpn_maxpool")]          // add_extra_convs=False: P6 = max_pool2d(P5, 1, stride=2)
    [InlineData("fpn_gn")]               // norm_cfg=GN: lateral_convs.i.gn / fpn_convs.i.gn
    [InlineData("fpn_p6p7_on_input")]    // start_level=1, P6 from C5 (the input), ReLU before P7
    [InlineData("fpn_p6p7_on_output")]   // P6 from P5 (the output), ReLU before P7
    public void OutputsMatchTorchvision(string name)
    {
        var golden = GoldenFeatures.Load(name);
        using var fpn = Build(golden.Model);
        int levels = golden.Model.GetProperty("in_channels").GetArrayLength() - golden.Model.GetProperty("start_level").GetInt32();
        var keys = TorchvisionKeys.Fpn(levels, fpn.modules().OfType<TorchSharp.Modules.GroupNorm>().Any() ? "gn" : "bn");
        CheckpointLoader.LoadStateDict(fpn, keys.Apply(golden.StateDict).StateDict, strict: true);
        fpn.eval();

        using var noGrad = no_grad();
        var errors = GoldenFeatures.MaxRelativeErrors(fpn.call(golden.Inputs), golden.Outputs);
        Assert.All(errors, e => Assert.InRange(e, 0, GoldenFeatures.Tolerance));
    }

    [Fact]
    public void KeysAreMmdetectionsForRetinaNetNeck()
    {
        // RetinaNet R50: FPN(in_channels=[256, 512, 1024, 2048], out_channels=256, start_level=1, add_extra_convs='on_input', num_outs=5)
        using var fpn = Seeded.Build(() => new Fpn([256, 512, 1024, 2048], 256, 5, startLevel: 1, addExtraConvs: ExtraConvs.OnInput));
        var shapes = fpn.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal(16, shapes.Count);
        Assert.Equal([256L, 512, 1, 1], shapes["lateral_convs.0.conv.weight"]);
        Assert.Equal([256L, 2048, 1, 1], shapes["lateral_convs.2.conv.weight"]);
        Assert.Equal([256L, 256, 3, 3], shapes["fpn_convs.2.conv.weight"]);
        Assert.Equal([256L, 2048, 3, 3], shapes["fpn_convs.3.conv.weight"]); // P6 reads C5
        Assert.Equal([256L, 256, 3, 3], shapes["fpn_convs.4.conv.weight"]);
        Assert.Contains("fpn_convs.4.conv.bias", shapes.Keys);
    }

    [Fact]
    public void NormDropsConvBiasAndNoNormOnLateralKeepsIt()
    {
        using var fpn = Seeded.Build(() => new Fpn([8, 16], 8, 2, normCfg: NormConfig.GN(2), noNormOnLateral: true));
        var keys = fpn.state_dict().Keys.ToHashSet();
        Assert.Contains("lateral_convs.0.conv.bias", keys);
        Assert.DoesNotContain("lateral_convs.0.gn.weight", keys);
        Assert.Contains("fpn_convs.0.gn.weight", keys);
        Assert.DoesNotContain("fpn_convs.0.conv.bias", keys);
    }

    [Theory]
    [InlineData(ExtraConvs.OnInput)]
    [InlineData(ExtraConvs.OnLateral)]
    [InlineData(ExtraConvs.OnOutput)]
    [InlineData(ExtraConvs.None)]
    public void ShapesFollowTheShapeRule(ExtraConvs extra)
    {
        using var fpn = Seeded.Build(() => new Fpn([4, 8, 16], 6, 5, addExtraConvs: extra, reluBeforeExtraConvs: true));
        using var scope = NewDisposeScope();
        var outs = fpn.call([randn(1, 4, 32, 32, generator: gen), randn(1, 8, 16, 16, generator: gen), randn(1, 16, 8, 8, generator: gen)]);
        var expected = Fpn.OutputShapes([4, 8, 16], 6, 5);
        Assert.Equal([4, 8, 16, 32, 64], expected.Select(s => s.Stride));
        Assert.Equal(expected.Length, outs.Length);
        for (int i = 0; i < outs.Length; i++)
            Assert.Equal([1L, 6, 128 / expected[i].Stride, 128 / expected[i].Stride], outs[i].shape);
    }

    [Fact]
    public void EndLevelBelowTheLastUsesNoExtraLevels()
    {
        using var fpn = Seeded.Build(() => new Fpn([4, 8, 16], 6, 2, startLevel: 0, endLevel: 1));
        Assert.Equal(2, fpn.state_dict().Keys.Count(k => k.StartsWith("lateral_convs.") && k.EndsWith("weight")));
        Assert.Equal([4, 8], Fpn.OutputShapes([4, 8, 16], 6, 2, 0, 1).Select(s => s.Stride));
    }

    [Theory]
    [InlineData(3, 0, -1, "num_outs = 3 must be at least the 4 levels")]
    [InlineData(3, 0, 1, "num_outs = 3 must equal end_level - start_level + 1 = 2")]
    [InlineData(3, 4, -1, "start_level = 4 must index one of the 4 input levels")]
    public void InvalidLevelsAreErrorsNamingTheValues(int numOuts, int startLevel, int endLevel, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new Fpn([1, 2, 3, 4], 4, numOuts, startLevel, endLevel));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void WrongNumberOfInputsIsAnError()
    {
        using var fpn = Seeded.Build(() => new Fpn([4, 8], 4, 2));
        var e = Assert.Throws<ArgumentException>(() => fpn.call([randn(1, 4, 8, 8, generator: gen)]));
        Assert.Contains("FPN got 1 feature maps but in_channels has 2 entries", e.Message);
    }

    [Fact]
    public void InitializesConvsXavierUniformWithZeroBias()
    {
        using var fpn = Seeded.Build(() => new Fpn([64, 64], 64, 2));
        var w = fpn.state_dict()["fpn_convs.0.conv.weight"];
        double bound = Math.Sqrt(6.0 / (64 * 9 + 64 * 9)); // xavier uniform: gain * sqrt(6 / (fan_in + fan_out))
        Assert.InRange(w.abs().max().item<float>(), bound * 0.9, bound);
        Assert.Equal(0f, fpn.state_dict()["fpn_convs.0.conv.bias"].abs().max().item<float>());
    }

    static Fpn Build(JsonElement m)
    {
        var extra = m.GetProperty("add_extra_convs") switch
        {
            { ValueKind: JsonValueKind.False } => ExtraConvs.None,
            var s when s.GetString() == "on_input" => ExtraConvs.OnInput,
            var s when s.GetString() == "on_output" => ExtraConvs.OnOutput,
            var s => throw new ArgumentException($"add_extra_convs {s}"),
        };
        NormConfig? norm = m.TryGetProperty("norm_cfg", out var n) ? NormConfig.GN(n.GetProperty("num_groups").GetInt32()) : null;
        return new Fpn(m.GetProperty("in_channels").EnumerateArray().Select(c => c.GetInt32()).ToArray(), m.GetProperty("out_channels").GetInt32(),
            m.GetProperty("num_outs").GetInt32(), startLevel: m.GetProperty("start_level").GetInt32(), addExtraConvs: extra,
            reluBeforeExtraConvs: m.TryGetProperty("relu_before_extra_convs", out var r) && r.GetBoolean(), normCfg: norm);
    }
}
