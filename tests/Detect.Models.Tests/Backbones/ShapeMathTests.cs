using Detect.Config.Checks;

namespace Detect.Models.Tests.Backbones;

/// <summary>
/// The shape tables and arithmetic the generator checks with and the backbones are built from
/// (<see cref="ShapeMath"/>), against MMDetection: RegNet stage widths equal the FPN in_channels MMDetection's
/// own RegNet configs (configs/regnet/*) give for each named arch; ResNet and FPN levels as MMDetection's
/// ResNet and FPN build them.
/// </summary>
public sealed class ShapeMathTests
{
    [Theory]
    [InlineData("regnetx_400mf", new long[] { 32, 64, 160, 384 })]
    [InlineData("regnetx_800mf", new long[] { 64, 128, 288, 672 })]
    [InlineData("regnetx_1.6gf", new long[] { 72, 168, 408, 912 })]
    [InlineData("regnetx_3.2gf", new long[] { 96, 192, 432, 1008 })]
    [InlineData("regnetx_4.0gf", new long[] { 80, 240, 560, 1360 })]
    [InlineData("regnetx_6.4gf", new long[] { 168, 392, 784, 1624 })]
    [InlineData("regnetx_8.0gf", new long[] { 80, 240, 720, 1920 })]
    [InlineData("regnetx_12gf", new long[] { 224, 448, 896, 2240 })]
    public void RegNet_widths_match_MMDetection_configs(string arch, long[] fpnInChannels)
    {
        var a = ShapeMath.RegNetArchs[arch];
        Assert.Equal(fpnInChannels, ShapeMath.RegNetStages(a.W0, a.Wa, a.Wm, a.Depth, a.GroupW, a.BotMul).Widths);
    }

    [Theory]
    [InlineData(1, new long[] { 64, 128, 256, 512 })]
    [InlineData(4, new long[] { 256, 512, 1024, 2048 })]
    public void ResNet_stages_double_from_the_base_times_the_expansion(long expansion, long[] channels)
    {
        var (c, s) = ShapeMath.ResidualStages(64, expansion, 4, [1, 2, 2, 2], 4);
        Assert.Equal(channels, c);
        Assert.Equal([4L, 8, 16, 32], s);
    }

    [Fact]
    public void FPN_levels_start_at_start_level_and_double_after_the_inputs()
    {
        Assert.Equal(4, ShapeMath.PyramidEndLevel(4, 1, -1, 5, out _, out _));
        Assert.Equal([8L, 16, 32, 64, 128], ShapeMath.PyramidStrides([4, 8, 16, 32], 1, 4, 5));
        Assert.Equal([4L, 8, 16, 32, 64], ShapeMath.PyramidStrides([4, 8, 16, 32], 0, 4, 5));
        Assert.Null(ShapeMath.PyramidEndLevel(4, 1, 2, 5, out var problem, out var culprit));
        Assert.Equal("NumOuts", culprit);
        Assert.Equal("with end_level 2 it must be end_level - start_level + 1 = 2", problem);
        Assert.Null(ShapeMath.PyramidEndLevel(4, 0, -1, 3, out _, out culprit));
        Assert.Equal("NumOuts", culprit);
    }
}
