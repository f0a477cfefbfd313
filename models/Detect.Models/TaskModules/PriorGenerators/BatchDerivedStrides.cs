using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// A prior generator whose strides are measured on the batch, as torchvision's <c>AnchorGenerator</c> measures
/// them: per level, (padded batch height // feature height, padded batch width // feature width).
/// </summary>
/// <remarks>
/// <para>The strides differ from the nominal ones when a level's size was rounded up: an 800-pixel-high batch has a
/// 13-cell-high P6 (stride 64 nominally), so torchvision places its anchors 800 // 13 = 61 pixels apart.
/// Torchvision's detectors need this to be reproduced exactly; MMDetection's never do.</para>
/// <para>Heads call <see cref="ForBatch"/> with the batch's shape; the plain <see cref="IPriorGenerator"/> members use
/// the nominal strides (as for a batch whose sizes divide evenly), except <see cref="ValidFlags"/>: every prior of the batch
/// trains, as in torchvision.</para>
/// </remarks>
/// <param name="build">Builds the generator for given strides, e.g. <c>s =&gt; new TorchvisionAnchorGenerator(s, sizes, ratios)</c>.</param>
/// <param name="strides">Nominal stride of each level.</param>
public sealed class BatchDerivedStrides(Func<IReadOnlyList<Stride>, IPriorGenerator> build, IReadOnlyList<Stride> strides) : IPriorGenerator
{
    readonly IPriorGenerator nominal = build(strides);

    /// <summary>The generator for a batch of <paramref name="batchInputShape"/> whose levels have <paramref name="featmapSizes"/>.</summary>
    public IPriorGenerator ForBatch((int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes)
    {
        PriorGrid.CheckLevels(NumLevels, featmapSizes.Count, nameof(featmapSizes));
        var measured = featmapSizes.Select(f => new Stride(batchInputShape.Width / f.Width, batchInputShape.Height / f.Height)).ToArray();
        return measured.SequenceEqual(nominal.Strides) ? nominal : build(measured);
    }

    /// <summary>
    /// <paramref name="generator"/> as it applies to a batch: <see cref="ForBatch"/> for a <see cref="BatchDerivedStrides"/>,
    /// the generator itself otherwise.
    /// </summary>
    public static IPriorGenerator Resolve(IPriorGenerator generator, (int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes) =>
        generator is BatchDerivedStrides derived ? derived.ForBatch(batchInputShape, featmapSizes) : generator;

    /// <inheritdoc />
    public int NumLevels => nominal.NumLevels;

    /// <inheritdoc />
    public IReadOnlyList<int> NumBasePriors => nominal.NumBasePriors;

    /// <inheritdoc />
    public IReadOnlyList<Stride> Strides => nominal.Strides;

    /// <inheritdoc />
    public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        nominal.GridPriors(featmapSizes, dtype, device);

    /// <inheritdoc />
    public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        nominal.SingleLevelGridPriors(featmapSize, levelIdx, dtype, device);

    /// <inheritdoc />
    public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        nominal.SparsePriors(priorIdxs, featmapSize, levelIdx, dtype, device);

    /// <summary>
    /// Every prior of the batch is valid: torchvision has no valid flags and trains the anchors over a smaller image's share of
    /// the batch padding too, where MMDetection's generators drop those beyond each image's own padded shape.
    /// </summary>
    public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null)
    {
        PriorGrid.CheckLevels(NumLevels, featmapSizes.Count, nameof(featmapSizes));
        return [.. featmapSizes.Select((size, level) => ones((long)size.Height * size.Width * NumBasePriors[level], dtype: ScalarType.Bool, device: device))];
    }
}
