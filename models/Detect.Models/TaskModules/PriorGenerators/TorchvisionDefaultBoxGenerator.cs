using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// torchvision's <c>DefaultBoxGenerator</c> (SSD's default boxes): at level k, boxes of relative size s_k and
/// √(s_k · s_{k+1}) with aspect ratio 1, then for each aspect ratio r of the level (w, h) = (s_k √r, s_k / √r) and (h, w);
/// centred at ((i + 0.5) / (W / step_k), (j + 0.5) / (H / step_k)) of the image, the relative widths and heights clamped to
/// [0, 1] (<c>clip</c>), then scaled to the image in pixels. Anchors per cell: 2 + 2 · (ratios of the level).
/// </summary>
/// <remarks>
/// <para>Attributes take no nested lists, so the per-level ratios are written flat with a count per level:
/// torchvision's SSD300 <c>[[2], [2, 3], [2, 3], [2, 3], [2], [2]]</c> is <c>aspectRatios [2, 2, 3, 2, 3, 2, 3, 2, 2]</c>,
/// <c>ratioCounts [1, 2, 2, 2, 1, 1]</c>.</para>
/// <para>The boxes depend on the image size (torchvision's batch tensor): <see cref="ForBatch"/> binds it; the generator as
/// built uses <c>inputSize</c> (300 for SSD300, whose transform always resizes to it). The arithmetic is torchvision's, in
/// float32 tensors: <c>(cxcy − 0.5 · wh) · size</c>, so the anchors are its numbers.</para>
/// <para>MMDetection's <c>SSDAnchorGenerator</c> (<see cref="SSDAnchorGenerator"/>; SSD300 COCO) is not this generator with other settings: it has the same sizes
/// (21, 45, 99 … 315 px) and centres ((k + 0.5) · stride), but puts the √(s_k · s_{k+1}) box last in each cell instead of second,
/// and does not clamp (a 261 px box of ratio 2 stays 369 px wide), so its heads' anchor channels are in another order.</para>
/// </remarks>
public sealed class TorchvisionDefaultBoxGenerator : IPriorGenerator
{
    readonly double[][] levelRatios;

    /// <summary>Creates the generator; arguments are torchvision's.</summary>
    /// <param name="strides">torchvision's <c>steps</c>: the nominal stride of each level (SSD300: 8, 16, 32, 64, 100, 300).</param>
    /// <param name="scales"><c>scales</c>: one per level and one more (SSD300: 0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05).</param>
    /// <param name="aspectRatios">Every level's <c>aspect_ratios</c>, written one level after the other.</param>
    /// <param name="ratioCounts">How many of <paramref name="aspectRatios"/> each level takes.</param>
    /// <param name="clip"><c>clip</c>: clamp relative widths and heights to [0, 1].</param>
    /// <param name="inputSize">The image side the generator assumes until <see cref="ForBatch"/> gives the batch's.</param>
    public TorchvisionDefaultBoxGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<double> scales, IReadOnlyList<double> aspectRatios,
        IReadOnlyList<int> ratioCounts, bool clip = true, int inputSize = 300)
        : this(strides, scales, aspectRatios, ratioCounts, clip, (inputSize, inputSize))
    {
    }

    TorchvisionDefaultBoxGenerator(IReadOnlyList<Stride> strides, IReadOnlyList<double> scales, IReadOnlyList<double> aspectRatios,
        IReadOnlyList<int> ratioCounts, bool clip, (int Height, int Width) imageSize)
    {
        if (scales.Count != strides.Count + 1)
            throw new ArgumentException($"scales needs one entry more than the {strides.Count} levels, has {scales.Count}.", nameof(scales));
        if (ratioCounts.Count != strides.Count || ratioCounts.Sum() != aspectRatios.Count || ratioCounts.Any(c => c < 0))
            throw new ArgumentException($"ratio_counts [{string.Join(", ", ratioCounts)}] must split the {aspectRatios.Count} aspect ratios over the {strides.Count} levels.", nameof(ratioCounts));
        Strides = [.. strides];
        Scales = [.. scales];
        AspectRatios = [.. aspectRatios];
        RatioCounts = [.. ratioCounts];
        Clip = clip;
        ImageSize = imageSize;
        int start = 0;
        levelRatios = [.. ratioCounts.Select(c => { var r = aspectRatios.Skip(start).Take(c).ToArray(); start += c; return r; })];
    }

    /// <summary><c>scales</c>.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>The aspect ratios of every level, flat.</summary>
    public IReadOnlyList<double> AspectRatios { get; }

    /// <summary>Aspect ratios per level.</summary>
    public IReadOnlyList<int> RatioCounts { get; }

    /// <summary><c>clip</c>.</summary>
    public bool Clip { get; }

    /// <summary>The image (height, width) the boxes are placed on.</summary>
    public (int Height, int Width) ImageSize { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Stride> Strides { get; }

    /// <inheritdoc/>
    public int NumLevels => Strides.Count;

    /// <inheritdoc/>
    public IReadOnlyList<int> NumBasePriors => [.. levelRatios.Select(r => 2 + 2 * r.Length)];

    /// <summary>Relative (w, h) pairs of one level, A×2 float32 (clamped when <see cref="Clip"/>): torchvision's <c>_wh_pairs</c>.</summary>
    public Tensor WhPairs(int level, Device? device = null)
    {
        double s = Scales[level], sPrime = Math.Sqrt(Scales[level] * Scales[level + 1]);
        var pairs = new List<float> { (float)s, (float)s, (float)sPrime, (float)sPrime };
        foreach (double ar in levelRatios[level])
        {
            double sq = Math.Sqrt(ar);
            float w = (float)(s * sq), h = (float)(s / sq);
            pairs.AddRange([w, h, h, w]);
        }
        var wh = tensor(pairs.ToArray(), device: device).view(-1, 2);
        return Clip ? wh.clamp(Scalars.ZeroDouble, Scalars.OneDouble) : wh;
    }

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
        var (h, w) = featmapSize;
        var step = Strides[levelIdx];
        // torchvision: ((arange(f) + 0.5) / (image / step)) in float32, a Python float divisor.
        using Scalar half = 0.5f, xF = (double)ImageSize.Width / step.W, yF = (double)ImageSize.Height / step.H;
        var shiftX = Ranges.Arange(w, ScalarType.Float32, device).add(half, Scalars.One).div(xF);
        var shiftY = Ranges.Arange(h, ScalarType.Float32, device).add(half, Scalars.One).div(yF);
        var grid = meshgrid([shiftY, shiftX], indexing: "ij");
        var centres = stack([grid[1].reshape(-1), grid[0].reshape(-1)], 1);         // HW×2 (cx, cy)
        var wh = WhPairs(levelIdx, device);
        long a = wh.shape[0];
        var cxcy = centres.unsqueeze(1).expand(-1, a, 2).reshape(-1, 2);            // (cell, anchor) rows
        var whs = wh.repeat(h * w, 1);
        var size = tensor(new float[] { ImageSize.Width, ImageSize.Height }, device: device);
        var halfWh = whs.mul(half);
        var boxes = cat([cxcy.sub(halfWh).mul(size), cxcy.add(halfWh, Scalars.One).mul(size)], 1);
        return boxes.to(dtype).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var grid = SingleLevelGridPriors(featmapSize, levelIdx, dtype, device);
        return grid.index_select(0, priorIdxs);
    }

    /// <inheritdoc/>
    public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null) =>
        BatchStrides.AllValid(featmapSizes, NumBasePriors, device);

    /// <summary>The generator placing its boxes on the batch's image size (itself when it is the one assumed).</summary>
    public IPriorGenerator ForBatch((int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes) =>
        batchInputShape == ImageSize ? this : new TorchvisionDefaultBoxGenerator(Strides, Scales, AspectRatios, RatioCounts, Clip, batchInputShape);
}
