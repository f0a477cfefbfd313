using Detect.Config.Checks;

namespace Detect.Models.Backbones;

/// <summary>
/// A RegNet design (MMDetection's <c>arch</c> dict): per-block widths grow linearly from <c>w0</c> with slope
/// <c>wa</c>, are quantized to powers of <c>wm</c> (multiples of 8), and blocks of equal width form a stage.
/// </summary>
/// <param name="W0"><c>w0</c>: initial width (a multiple of 8).</param>
/// <param name="Wa"><c>wa</c>: width slope.</param>
/// <param name="Wm"><c>wm</c>: width multiplier of the quantization (&gt; 1).</param>
/// <param name="GroupW"><c>group_w</c>: channels per group of the 3×3 convs.</param>
/// <param name="Depth"><c>depth</c>: number of blocks.</param>
/// <param name="BotMul"><c>bot_mul</c>: bottleneck ratio.</param>
public sealed record RegNetArch(int W0, double Wa, double Wm, int GroupW, int Depth, double BotMul = 1.0)
{
    /// <summary>
    /// Expands the design as MMDetection's RegNet does (<c>generate_regnet</c>, <c>get_stages_from_blocks</c>,
    /// <c>adjust_width_group</c>), in double precision with round-half-to-even like numpy.
    /// </summary>
    /// <exception cref="ArgumentException">Parameters MMDetection's assertions reject.</exception>
    public RegNetStages Expand()
    {
        if (Wa < 0 || W0 <= 0 || Wm <= 1 || W0 % 8 != 0 || Depth < 1)
            throw new ArgumentException($"invalid RegNet arch {this}: needs wa >= 0, w0 > 0 and a multiple of 8, wm > 1, depth >= 1");

        var (widths, depths, groupWidths) = ShapeMath.RegNetStages(W0, Wa, Wm, Depth, GroupW, BotMul);
        return new RegNetStages([.. widths.Select(w => (int)w)], depths, [.. groupWidths.Select(g => (int)g)], BotMul);
    }
}

/// <summary>A RegNet's stages: output width, number of blocks and group width of each.</summary>
/// <param name="Widths">Output channels per stage.</param>
/// <param name="Depths">Blocks per stage.</param>
/// <param name="GroupWidths">Channels per group per stage.</param>
/// <param name="BottleneckRatio">The bottleneck ratio.</param>
public sealed record RegNetStages(int[] Widths, int[] Depths, int[] GroupWidths, double BottleneckRatio)
{
    /// <summary>Number of stages.</summary>
    public int NumStages => Widths.Length;

    /// <summary>Groups of each stage's 3×3 convs: round(width × bottleneck ratio) / group width.</summary>
    public int[] Groups => [.. Widths.Zip(GroupWidths, (w, g) => (int)Math.Round(w * BottleneckRatio, MidpointRounding.ToEven) / g)];
}
