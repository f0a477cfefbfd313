using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>
/// Points of anchor-free heads (FCOS, ATSS-style points, YOLOX…), as MMDetection's <c>MlvlPointGenerator</c>:
/// one point per feature-map cell at ((x + offset) · stride_w, (y + offset) · stride_h).
/// </summary>
/// <remarks>
/// Priors are (H·W)×2 (x, y), or (H·W)×4 (x, y, stride_w, stride_h) with <c>withStride</c>. With
/// <c>stridesFromBatch</c> the points are torchvision FCOS's anchor centres: offset 0, strides measured on the batch
/// (<see cref="BatchStrides"/>), every point valid.
/// </remarks>
/// <param name="strides">Nominal stride of each level.</param>
/// <param name="offset">Offset of the point inside its cell, as a fraction of the stride.</param>
/// <param name="stridesFromBatch">Measure the strides on the batch, as torchvision does (<see cref="ForBatch"/>).</param>
public sealed class MlvlPointGenerator(IReadOnlyList<Stride> strides, double offset = 0.5, bool stridesFromBatch = false) : IPriorGenerator
{
    /// <inheritdoc />
    public IReadOnlyList<Stride> Strides { get; } = strides.Count > 0
        ? strides.ToArray()
        : throw new ArgumentException("strides must name at least one level.", nameof(strides));

    /// <summary>Offset of the point inside its cell, as a fraction of the stride.</summary>
    public double Offset { get; } = offset;

    /// <summary>Whether the strides are measured on the batch (torchvision) rather than nominal (MMDetection).</summary>
    public bool StridesFromBatch { get; } = stridesFromBatch;

    /// <inheritdoc />
    public int NumLevels => Strides.Count;

    /// <inheritdoc />
    public IReadOnlyList<int> NumBasePriors => Enumerable.Repeat(1, NumLevels).ToArray();

    /// <inheritdoc />
    public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        GridPriors(featmapSizes, dtype, device, withStride: false);

    /// <summary>Points of every level; with <paramref name="withStride"/> each row also carries its level's stride.</summary>
    public Tensor[] GridPriors(IReadOnlyList<(int Height, int Width)> featmapSizes, ScalarType dtype, Device? device, bool withStride)
    {
        PriorGrid.CheckLevels(NumLevels, featmapSizes.Count, nameof(featmapSizes));
        return featmapSizes.Select((size, level) => SingleLevelGridPriors(size, level, dtype, device, withStride)).ToArray();
    }

    /// <inheritdoc />
    public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        SingleLevelGridPriors(featmapSize, levelIdx, dtype, device, withStride: false);

    /// <summary>Points of one level (see <see cref="GridPriors(IReadOnlyList{ValueTuple{int, int}}, ScalarType, Device?, bool)"/>).</summary>
    public Tensor SingleLevelGridPriors((int Height, int Width) featmapSize, int levelIdx, ScalarType dtype, Device? device, bool withStride)
    {
        using var scope = NewDisposeScope();
        var stride = Strides[levelIdx];
        using var offset = Offset.ToScalar();
        using var strideW = stride.W.ToScalar();
        using var strideH = stride.H.ToScalar();
        // MMDetection: (arange + offset) * stride in the default float dtype, then converted.
        var shiftX = Ranges.Arange(featmapSize.Width, ScalarType.Float32, device).add(offset, Scalars.One).mul(strideW).to(dtype);
        var shiftY = Ranges.Arange(featmapSize.Height, ScalarType.Float32, device).add(offset, Scalars.One).mul(strideH).to(dtype);
        var (xx, yy) = PriorGrid.Mesh(shiftX, shiftY);
        var points = withStride
            ? stack([xx, yy, full_like(xx, strideW), full_like(yy, strideH)], -1)
            : stack([xx, yy], -1);
        return points.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor SparsePriors(Tensor priorIdxs, (int Height, int Width) featmapSize, int levelIdx, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var stride = Strides[levelIdx];
        using var offset = Offset.ToScalar();
        using var width = featmapSize.Width.ToScalar();
        using var height = featmapSize.Height.ToScalar();
        using var strideW = stride.W.ToScalar();
        using var strideH = stride.H.ToScalar();
        var x = priorIdxs.remainder(width).add(offset, Scalars.One).mul(strideW);
        var y = priorIdxs.div(width, rounding_mode: RoundingMode.floor).remainder(height).add(offset, Scalars.One).mul(strideH);
        return stack([x, y], 1).to(dtype).to(device ?? priorIdxs.device).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor[] ValidFlags(IReadOnlyList<(int Height, int Width)> featmapSizes, (int Height, int Width) padShape, Device? device = null) =>
        StridesFromBatch
            ? BatchStrides.AllValid(featmapSizes, NumBasePriors, device)
            : PriorGrid.ValidFlags(featmapSizes, padShape, Strides, NumBasePriors, device);

    /// <summary>With <see cref="StridesFromBatch"/>, the generator with the strides measured on the batch; else itself.</summary>
    public IPriorGenerator ForBatch((int Height, int Width) batchInputShape, IReadOnlyList<(int Height, int Width)> featmapSizes)
    {
        if (!StridesFromBatch) return this;
        var measured = BatchStrides.Measure(NumLevels, batchInputShape, featmapSizes);
        return measured.SequenceEqual(Strides) ? this : new MlvlPointGenerator(measured, Offset, stridesFromBatch: true);
    }
}
