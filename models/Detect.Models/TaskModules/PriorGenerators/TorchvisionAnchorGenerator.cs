using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// torchvision's <c>AnchorGenerator(sizes, aspect_ratios)</c>: per level, anchors of the given absolute sizes
/// (pixels) and aspect ratios (h / w), centred on the cell's corner and rounded to integers.
/// </summary>
/// <remarks>
/// <para>torchvision gives every level its own sizes (RetinaNet: 32, 40, 50 on P3; 64, 80, 101 on P4...), which
/// MMDetection's shared <c>scales</c> cannot express. Each level here is an <see cref="AnchorGenerator"/> with base
/// size 1, scales = the level's sizes, centre offset 0 and <c>roundBaseAnchors</c>: its base anchors,
/// round(∓0.5 · (1 · w_ratio) · size), are torchvision's round(∓(w_ratio · size) / 2), the same float32 numbers.
/// Anchors are ordered ratio-major as in torchvision.</para>
/// <para>torchvision measures strides on the padded batch (<c>batch size // feature size</c>, e.g. 61 instead of 64 for an
/// 800-pixel side at P6): wrap the generator in <see cref="BatchDerivedStrides"/> to reproduce that.</para>
/// </remarks>
public sealed class TorchvisionAnchorGenerator : IPriorGenerator
{
    readonly AnchorGenerator[] levels;

    /// <summary>Creates the generator.</summary>
    /// <param name="strides">Stride of each level.</param>
    /// <param name="sizes"><c>sizes</c>: the anchor sizes (pixels) of each level.</param>
    /// <param name="aspectRatios"><c>aspect_ratios</c> (h / w), shared by all levels.</param>
    public TorchvisionAnchorGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<IReadOnlyList<double>> sizes, IReadOnlyList<double> aspectRatios)
    {
        if (sizes.Count != strides.Count)
            throw new ArgumentException($"sizes has {sizes.Count} levels but strides has {strides.Count}.", nameof(sizes));
        Strides = strides.ToArray();
        Sizes = sizes.Select(s => (IReadOnlyList<double>)s.ToArray()).ToArray();
        AspectRatios = aspectRatios.ToArray();
        levels = strides.Select((stride, i) => new AnchorGenerator([stride], aspectRatios, scales: sizes[i], baseSizes: [1.0], roundBaseAnchors: true)).ToArray();
    }

    /// <summary>Anchor sizes of each level.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Sizes { get; }

    /// <summary>Aspect ratios (h / w).</summary>
    public IReadOnlyList<double> AspectRatios { get; }

    /// <inheritdoc />
    public IReadOnlyList<Stride> Strides { get; }

    /// <inheritdoc />
    public int NumLevels => levels.Length;

    /// <inheritdoc />
    public IReadOnlyList<int> NumBasePriors => levels.Select(l => l.NumBasePriors[0]).ToArray();

    /// <summary>Base anchors of one level (A×4, caller owns).</summary>
    public Tensor BaseAnchors(int levelIdx, Device? device = null) => levels[levelIdx].BaseAnchors(0, device);

    /// <inheritdoc />
    public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        PriorGrid.CheckLevels(NumLevels, featmapSizes.Count, nameof(featmapSizes));
        return featmapSizes.Select((size, level) => SingleLevelGridPriors(size, level, dtype, device)).ToArray();
    }

    /// <inheritdoc />
    public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        levels[levelIdx].SingleLevelGridPriors(featmapSize, 0, dtype, device);

    /// <inheritdoc />
    public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        levels[levelIdx].SparsePriors(priorIdxs, featmapSize, 0, dtype, device);

    /// <inheritdoc />
    public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null) =>
        PriorGrid.ValidFlags(featmapSizes, padShape, Strides, NumBasePriors, device);
}
