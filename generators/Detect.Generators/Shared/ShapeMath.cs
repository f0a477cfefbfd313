using System;
using System.Collections.Generic;

namespace Detect.Config.Checks;

/// <summary>
/// The architecture tables and shape arithmetic of the built-in components (MMDetection's ResNet, RegNet and
/// FPN): the one place they live. The components build themselves from it (Detect.Models' ResNet and RegNet),
/// and the generator and the run-time checks compute output shapes from it, so channel and stride mismatches
/// are found before anything is built and cannot disagree with what is built.
/// </summary>
#if DETECT_GENERATOR
internal
#else
public
#endif
    static class ShapeMath
{
    /// <summary>
    /// MMDetection's ResNet <c>arch_settings</c>: depth → block kind and blocks per stage. Basic blocks expand by 1,
    /// bottlenecks by 4.
    /// </summary>
    public static readonly IReadOnlyDictionary<int, (bool Bottleneck, int[] StageBlocks)> ResNetArchs =
        new Dictionary<int, (bool, int[])>
        {
            [18] = (false, new[] { 2, 2, 2, 2 }),
            [34] = (false, new[] { 3, 4, 6, 3 }),
            [50] = (true, new[] { 3, 4, 6, 3 }),
            [101] = (true, new[] { 3, 4, 23, 3 }),
            [152] = (true, new[] { 3, 8, 36, 3 }),
        };

    /// <summary>Channel expansion of a ResNet depth's blocks (1 basic, 4 bottleneck), or null for an unknown depth.</summary>
    public static int? ResNetExpansion(long depth) =>
        depth is >= int.MinValue and <= int.MaxValue && ResNetArchs.TryGetValue((int)depth, out var arch) ? (arch.Bottleneck ? 4 : 1) : null;

    /// <summary>
    /// ResNet-style stages: stage i has base × 2^i × expansion channels; its stride is the stem stride
    /// times the product of the per-stage strides up to i.
    /// </summary>
    public static (long[] Channels, long[] Strides) ResidualStages(long baseChannels, long expansion, long stemStride, IReadOnlyList<long> stageStrides, int numStages)
    {
        var channels = new long[numStages];
        var strides = new long[numStages];
        var stride = stemStride;
        for (var i = 0; i < numStages; i++)
        {
            stride *= i < stageStrides.Count ? stageStrides[i] : 2;
            channels[i] = baseChannels * (1L << i) * expansion;
            strides[i] = stride;
        }
        return (channels, strides);
    }

    /// <summary>MMDetection's named RegNetX archs (<c>arch_settings</c>), by name: w0, wa, wm, group_w, depth, bot_mul.</summary>
    public static readonly IReadOnlyDictionary<string, (double W0, double Wa, double Wm, int GroupW, int Depth, double BotMul)> RegNetArchs =
        new Dictionary<string, (double, double, double, int, int, double)>(StringComparer.Ordinal)
        {
            ["regnetx_400mf"] = (24, 24.48, 2.54, 16, 22, 1.0),
            ["regnetx_800mf"] = (56, 35.73, 2.28, 16, 16, 1.0),
            ["regnetx_1.6gf"] = (80, 34.01, 2.25, 24, 18, 1.0),
            ["regnetx_3.2gf"] = (88, 26.31, 2.25, 48, 25, 1.0),
            ["regnetx_4.0gf"] = (96, 38.65, 2.43, 40, 23, 1.0),
            ["regnetx_6.4gf"] = (184, 60.83, 2.07, 56, 17, 1.0),
            ["regnetx_8.0gf"] = (80, 49.56, 2.88, 120, 23, 1.0),
            ["regnetx_12gf"] = (168, 73.36, 2.37, 112, 19, 1.0),
        };

    /// <summary>
    /// RegNet stages as MMDetection's <c>RegNet.__init__</c> computes them: quantized linear block widths
    /// (<c>generate_regnet</c>, divisor 8), blocks of equal width forming a stage (<c>get_stages_from_blocks</c>),
    /// then widths made compatible with the group width (<c>adjust_width_group</c>). Rounding is half-to-even, as
    /// numpy's and Python's. Returns each stage's output width, number of blocks and group width.
    /// </summary>
    public static (long[] Widths, int[] Depths, long[] GroupWidths) RegNetStages(double w0, double wa, double wm, int depth, int groupW, double botMul, int divisor = 8)
    {
        var blockWidths = new long[depth];
        for (var i = 0; i < depth; i++)
        {
            var cont = i * wa + w0;
            var k = Math.Round(Math.Log(cont / w0) / Math.Log(wm), MidpointRounding.ToEven);
            var width = w0 * Math.Pow(wm, k);
            blockWidths[i] = (long)(Math.Round(width / divisor, MidpointRounding.ToEven) * divisor);
        }
        var stageWidths = new List<long>();
        var stageDepths = new List<int>();
        for (var i = 0; i < depth; i++)
        {
            if (i == 0 || blockWidths[i] != blockWidths[i - 1])
            {
                stageWidths.Add(blockWidths[i]);
                stageDepths.Add(0);
            }
            stageDepths[stageDepths.Count - 1]++;
        }

        var widths = new long[stageWidths.Count];
        var groupWidths = new long[stageWidths.Count];
        for (var s = 0; s < stageWidths.Count; s++)
        {
            var bottleneck = (long)(stageWidths[s] * botMul);
            groupWidths[s] = Math.Min(groupW, bottleneck);
            var quantized = (long)(Math.Round((double)bottleneck / groupWidths[s], MidpointRounding.ToEven) * groupWidths[s]);
            widths[s] = (long)(quantized / botMul);
        }
        return (widths, stageDepths.ToArray(), groupWidths);
    }

    /// <summary>
    /// FPN output strides: the inputs' strides from start_level to the last used input, then one
    /// doubling per extra level (extra convs or max pooling), num_outs levels in all.
    /// </summary>
    public static long[] PyramidStrides(IReadOnlyList<long> inputStrides, int startLevel, int backboneEndLevel, int numOuts)
    {
        var strides = new long[numOuts];
        var used = backboneEndLevel - startLevel;
        for (var i = 0; i < numOuts; i++)
            strides[i] = i < used ? inputStrides[startLevel + i] : strides[i - 1] * 2;
        return strides;
    }

    /// <summary>
    /// FPN's level bookkeeping (MMDetection <c>FPN.__init__</c>): the last used input level, or an
    /// explanation of why start_level / end_level / num_outs do not fit the inputs.
    /// </summary>
    public static int? PyramidEndLevel(int numInputs, int startLevel, int endLevel, int numOuts, out string? problem, out string? culprit)
    {
        problem = null;
        culprit = null;
        int backboneEnd;
        if (endLevel == -1 || endLevel == numInputs - 1)
        {
            backboneEnd = numInputs;
            if (numOuts < numInputs - startLevel)
            {
                culprit = "NumOuts";
                problem = "at least " + (numInputs - startLevel) + " levels come from the " + numInputs + " inputs from start_level " + startLevel;
                return null;
            }
        }
        else
        {
            backboneEnd = endLevel + 1;
            if (endLevel >= numInputs || endLevel < 0)
            {
                culprit = "EndLevel";
                problem = "there are " + numInputs + " inputs";
                return null;
            }
            if (numOuts != endLevel - startLevel + 1)
            {
                culprit = "NumOuts";
                problem = "with end_level " + endLevel + " it must be end_level - start_level + 1 = " + (endLevel - startLevel + 1);
                return null;
            }
        }
        if (startLevel < 0 || startLevel >= backboneEnd)
        {
            culprit = "StartLevel";
            problem = "there are " + numInputs + " inputs";
            return null;
        }
        return backboneEnd;
    }
}
