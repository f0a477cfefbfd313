using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// torchvision's <c>AnchorGenerator(sizes, aspect_ratios)</c>: per level, anchors of the given absolute sizes
/// (pixels) and aspect ratios (h / w), centred on the cell's corner and rounded to integers, with the strides measured
/// on the batch (<see cref="BatchStrides"/>) and every anchor valid, as torchvision has them.
/// </summary>
/// <remarks>
/// <para>torchvision gives every level its own sizes (RetinaNet: 32, 40, 50 on P3; 64, 80, 101 on P4...), which
/// MMDetection's shared <c>scales</c> cannot express. They are written as torchvision's builders write them: one size per
/// level and <c>scales_per_octave</c> n, the level's sizes being int(x · 2^(i / n)) for i &lt; n (Faster R-CNN: n = 1;
/// RetinaNet: n = 3). Each level here is an <see cref="AnchorGenerator"/> with base size 1, scales = the level's sizes,
/// centre offset 0 and <c>roundBaseAnchors</c>: its base anchors, round(∓0.5 · (1 · w_ratio) · size), are torchvision's
/// round(∓(w_ratio · size) / 2), the same float32 numbers. Anchors are ordered ratio-major as in torchvision.</para>
/// <para>The strides given are the nominal ones (for the shape checks and a batch whose sizes divide evenly);
/// <see cref="ForBatch"/> measures them on the batch (e.g. 61 instead of 64 for an 800-pixel side at P6).</para>
/// </remarks>
public sealed class TorchvisionAnchorGenerator : IPriorGenerator
{
    readonly AnchorGenerator[] levels;

    /// <summary>Creates the generator.</summary>
    /// <param name="strides">Nominal stride of each level.</param>
    /// <param name="sizes">The base anchor size (pixels) of each level: torchvision's 32, 64, 128, 256, 512.</param>
    /// <param name="aspectRatios"><c>aspect_ratios</c> (h / w), shared by all levels.</param>
    /// <param name="scalesPerOctave">Sizes per level: x, int(x · 2^(1/n)) ... int(x · 2^((n−1)/n)).</param>
    public TorchvisionAnchorGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<double> sizes, IReadOnlyList<double> aspectRatios, int scalesPerOctave = 1)
        : this(strides, LevelSizes(sizes, scalesPerOctave), aspectRatios)
    {
    }

    TorchvisionAnchorGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<IReadOnlyList<double>> sizes, IReadOnlyList<double> aspectRatios)
    {
        if (sizes.Count != strides.Count)
            throw new ArgumentException($"sizes has {sizes.Count} levels but strides has {strides.Count}.", nameof(sizes));
        Strides = strides.ToArray();
        Sizes = sizes.Select(s => (IReadOnlyList<double>)s.ToArray()).ToArray();
        AspectRatios = aspectRatios.ToArray();
        levels = strides.Select((stride, i) => new AnchorGenerator([stride], aspectRatios, scales: sizes[i], baseSizes: [1.0], roundBaseAnchors: true)).ToArray();
    }

    // torchvision's builders: tuple((x, int(x * 2 ** (1.0 / 3)), int(x * 2 ** (2.0 / 3))) for x in [32, 64, 128, 256, 512]).
    static IReadOnlyList<double>[] LevelSizes(IReadOnlyList<double> sizes, int scalesPerOctave)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scalesPerOctave, 1);
        return [.. sizes.Select(x => (IReadOnlyList<double>)[.. Enumerable.Range(0, scalesPerOctave).Select(i => i == 0 ? x : Math.Floor(x * Math.Pow(2, (double)i / scalesPerOctave)))])];
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
        BatchStrides.AllValid(featmapSizes, NumBasePriors, device);

    /// <summary>The generator with the strides measured on the batch (itself when they are the nominal ones).</summary>
    public IPriorGenerator ForBatch((int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes)
    {
        var measured = BatchStrides.Measure(NumLevels, batchInputShape, featmapSizes);
        return measured.SequenceEqual(Strides) ? this : new TorchvisionAnchorGenerator(measured, Sizes, AspectRatios);
    }
}
