using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// MMDetection's <c>SSDAnchorGenerator</c>: per level, boxes of side <c>min_size</c> for the ratios 1, 1/r, r (each r of the
/// level, h / w), then one of side √(min_size · max_size) with ratio 1, centred at (stride / 2, stride / 2) of each cell.
/// Without explicit sizes they follow from <c>basesize_ratio_range</c> and <c>input_size</c> as MMDetection computes them
/// (SSD300 COCO: 21, 45, 99, 153, 207, 261 and 45 … 315).
/// </summary>
/// <remarks>
/// <para>The per-level ratios are written flat with a count per level, as for <see cref="TorchvisionDefaultBoxGenerator"/>.
/// Base anchors are computed in float32 with MMDetection's operations (h_ratio = √r, w_ratio = 1 / h_ratio,
/// corners = centre ∓ 0.5 · size · ratio), and shifted by the stride over the feature map: (cell, anchor) rows.</para>
/// <para>Not torchvision's <c>DefaultBoxGenerator</c>: the √(min · max) box comes last rather than second, and nothing is
/// clamped to the image.</para>
/// </remarks>
public class SSDAnchorGenerator : IPriorGenerator
{
    readonly float[][] baseAnchors;
    readonly bool legacyCentres;

    /// <summary>Creates the generator; arguments are MMDetection's in camelCase.</summary>
    /// <param name="strides"><c>strides</c> of each level.</param>
    /// <param name="ratios">Every level's <c>ratios</c>, one level after the other.</param>
    /// <param name="ratioCounts">How many of <paramref name="ratios"/> each level takes.</param>
    /// <param name="minSizes"><c>min_sizes</c>, one per level; with <paramref name="maxSizes"/>, or neither.</param>
    /// <param name="maxSizes"><c>max_sizes</c>, one per level.</param>
    /// <param name="basesizeRatioRange"><c>basesize_ratio_range</c> (low, high), used without explicit sizes.</param>
    /// <param name="inputSize"><c>input_size</c>: 300 or 512, used without explicit sizes.</param>
    public SSDAnchorGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<double> ratios, IReadOnlyList<int> ratioCounts,
        IReadOnlyList<double>? minSizes = null, IReadOnlyList<double>? maxSizes = null, IReadOnlyList<double>? basesizeRatioRange = null,
        int inputSize = 300)
        : this(strides, ratios, ratioCounts, minSizes, maxSizes, basesizeRatioRange, inputSize, legacyCentres: false)
    {
    }

    /// <summary>The generator with MMDetection V1's centres ((stride − 1) / 2) when <paramref name="legacyCentres"/>.</summary>
    private protected SSDAnchorGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<double> ratios, IReadOnlyList<int> ratioCounts,
        IReadOnlyList<double>? minSizes, IReadOnlyList<double>? maxSizes, IReadOnlyList<double>? basesizeRatioRange, int inputSize,
        bool legacyCentres)
    {
        this.legacyCentres = legacyCentres;
        if (ratioCounts.Count != strides.Count || ratioCounts.Sum() != ratios.Count || ratioCounts.Any(c => c < 0))
            throw new ArgumentException($"ratio_counts [{string.Join(", ", ratioCounts)}] must split the {ratios.Count} ratios over the {strides.Count} levels.", nameof(ratioCounts));
        if ((minSizes is null || minSizes.Count == 0) != (maxSizes is null || maxSizes.Count == 0))
            throw new ArgumentException("Give min_sizes and max_sizes together, or neither (basesize_ratio_range and input_size).", nameof(minSizes));
        Strides = [.. strides];
        (MinSizes, MaxSizes) = minSizes is { Count: > 0 } ? ([.. minSizes], [.. maxSizes!]) : Sizes(basesizeRatioRange ?? [0.15, 0.9], inputSize, strides.Count);
        if (MinSizes.Count != strides.Count || MaxSizes.Count != strides.Count || MinSizes.Zip(MaxSizes).Any(p => p.Second <= p.First))
            throw new ArgumentException($"min_sizes and max_sizes need one entry per level ({strides.Count}), each max above its min.", nameof(maxSizes));
        int start = 0;
        var levelRatios = ratioCounts.Select(c => { var r = ratios.Skip(start).Take(c).ToArray(); start += c; return r; }).ToArray();
        AnchorRatios = [.. levelRatios.Select(AnchorRatiosOf)];
        baseAnchors = [.. Enumerable.Range(0, strides.Count).Select(BaseAnchorsOf)];
    }

    /// <summary><c>min_sizes</c>.</summary>
    public IReadOnlyList<double> MinSizes { get; }

    /// <summary><c>max_sizes</c>.</summary>
    public IReadOnlyList<double> MaxSizes { get; }

    /// <summary>The ratios of each level's <c>min_size</c> boxes: 1, then 1/r, r for each r of the level (repeats skipped).</summary>
    public IReadOnlyList<IReadOnlyList<double>> AnchorRatios { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Stride> Strides { get; }

    /// <inheritdoc/>
    public int NumLevels => Strides.Count;

    /// <inheritdoc/>
    public IReadOnlyList<int> NumBasePriors => [.. baseAnchors.Select(a => a.Length / 4)];

    // MMDetection: min ratio and max ratio in percent, a step of floor(max − min) / (levels − 2), sizes int(input · ratio / 100),
    // then the first level's (7, 15 / 10, 20 at 300; 4, 10 / 7, 15 at 512) inserted.
    static (double[] Min, double[] Max) Sizes(IReadOnlyList<double> range, int inputSize, int levels)
    {
        if (range.Count != 2) throw new ArgumentException("basesize_ratio_range needs (low, high).", nameof(range));
        int minRatio = (int)(range[0] * 100), maxRatio = (int)(range[1] * 100);
        int step = (int)(Math.Floor((double)(maxRatio - minRatio)) / (levels - 2));
        var min = new List<double>();
        var max = new List<double>();
        for (int ratio = minRatio; ratio <= maxRatio; ratio += step)
        {
            min.Add((int)(inputSize * ratio / 100.0));
            max.Add((int)(inputSize * (ratio + step) / 100.0));
        }
        (int lo, int hi) first = (inputSize, range[0]) switch
        {
            (300, 0.15) => (7, 15),
            (300, 0.2) => (10, 20),
            (512, 0.1) => (4, 10),
            (512, 0.15) => (7, 15),
            _ => throw new ArgumentException($"Without min_sizes, input_size 300 (basesize_ratio_range from 0.15 or 0.2) or 512 (from 0.1 or 0.15) only; got {inputSize}, {range[0]}.", nameof(range)),
        };
        min.Insert(0, (int)(inputSize * first.lo / 100.0));
        max.Insert(0, (int)(inputSize * first.hi / 100.0));
        return ([.. min], [.. max]);
    }

    static double[] AnchorRatiosOf(double[] ratios)
    {
        var result = new List<double> { 1.0 };
        foreach (double r in ratios)
            if (!result.Any(ar => Math.Abs(r - ar) < 1e-6)) result.AddRange([1 / r, r]);
        return [.. result];
    }

    // float32 as MMDetection's gen_single_level_base_anchors: ws = size · (1 / √r), hs = size · √r, corners centre ∓ 0.5 · ws.
    float[] BaseAnchorsOf(int level)
    {
        double shift = legacyCentres ? 1 : 0;
        float cx = (float)((Strides[level].W - shift) / 2.0), cy = (float)((Strides[level].H - shift) / 2.0);
        var sizes = AnchorRatios[level].Select(r => ((float)MinSizes[level], (float)r))
            .Append(((float)Math.Sqrt(MaxSizes[level] * MinSizes[level]), 1f));
        var anchors = new List<float>();
        foreach (var (size, ratio) in sizes)
        {
            float h = MathF.Sqrt(ratio), w = 1f / h;
            float ws = size * w, hs = size * h;
            anchors.AddRange([cx - 0.5f * ws, cy - 0.5f * hs, cx + 0.5f * ws, cy + 0.5f * hs]);
        }
        return [.. anchors];
    }

    /// <summary>Base anchors of one level, A×4 float32 (caller owns).</summary>
    public Tensor BaseAnchors(int levelIdx, Device? device = null) => tensor(baseAnchors[levelIdx], device: device).reshape(-1, 4);

    /// <inheritdoc/>
    public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        PriorGrid.CheckLevels(NumLevels, featmapSizes.Count, nameof(featmapSizes));
        return [.. featmapSizes.Select((size, level) => SingleLevelGridPriors(size, level, dtype, device))];
    }

    /// <inheritdoc/>
    public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var scope = NewDisposeScope();
        return PriorGrid.ShiftedAnchors(BaseAnchors(levelIdx, device), featmapSize, Strides[levelIdx], dtype, device).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var grid = SingleLevelGridPriors(featmapSize, levelIdx, dtype, device ?? priorIdxs.device);
        return grid.index_select(0, priorIdxs.to(grid.device));
    }

    /// <inheritdoc/>
    public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null) =>
        PriorGrid.ValidFlags(featmapSizes, padShape, Strides, NumBasePriors, device);
}
