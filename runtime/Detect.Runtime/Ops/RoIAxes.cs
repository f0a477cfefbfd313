using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// Per-RoI geometry of RoIAlign as tensors (one value per RoI), for <see cref="RoIAlignTensorPath"/>.
/// The arithmetic is <see cref="RoIBins{T}"/>'s, written as tensor ops in the features' dtype.
/// </summary>
internal sealed class RoIAxes
{
    RoIAxes(Tensor batch, Tensor count, int[] gridH, int[] gridW, RoIAxis y, RoIAxis x) =>
        (Batch, Count, GridH, GridW, Y, X) = (batch, count, gridH, gridW, y, x);

    /// <summary>Batch index per RoI (int64, truncated as torchvision's int cast).</summary>
    public Tensor Batch { get; }

    /// <summary>Samples per bin, at least 1 (the divisor of the average).</summary>
    public Tensor Count { get; }

    /// <summary>Samples per bin along y / x, per RoI (known on the CPU: they size the tensors).</summary>
    public int[] GridH { get; }

    /// <inheritdoc cref="GridH"/>
    public int[] GridW { get; }

    /// <summary>Vertical and horizontal sampling axes.</summary>
    public RoIAxis Y { get; }

    /// <inheritdoc cref="Y"/>
    public RoIAxis X { get; }

    public static RoIAxes Of(Tensor rois, RoIAlignArgs args)
    {
        using var offset = (args.Aligned ? 0.5 : 0.0).ToScalar();
        using var scale = args.SpatialScale.ToScalar();
        using var outputWidth = args.OutputWidth.ToScalar();
        using var outputHeight = args.OutputHeight.ToScalar();
        var start = rois[.., 1..3].mul(scale).sub(offset);   // K×2: x, y
        var size = rois[.., 3..5].mul(scale).sub(offset) - start;
        if (!args.Aligned) size = size.clamp_min(Scalars.One);              // malformed RoIs become 1×1
        var binW = size[.., 0].div(outputWidth);
        var binH = size[.., 1].div(outputHeight);
        int[] gridH = Grid(binH, args), gridW = Grid(binW, args);
        for (int n = 0; n < gridH.Length; n++) args.CheckSampleCount(n, gridH[n], gridW[n]);

        var gridHValues = tensor(gridH, device: rois.device).to(rois.dtype);
        var gridWValues = tensor(gridW, device: rois.device).to(rois.dtype);
        return new RoIAxes(
            rois[.., 0].trunc().to(ScalarType.Int64),
            (gridHValues * gridWValues).clamp_min(Scalars.One),
            gridH, gridW,
            new RoIAxis(start[.., 1], binH, gridHValues),
            new RoIAxis(start[.., 0], binW, gridWValues));
    }

    static int[] Grid(Tensor binSize, RoIAlignArgs args) =>
        TensorValues.ToArray<double>(binSize).Select(args.GridSize).ToArray();
}

/// <summary>One sampling axis of every RoI: first coordinate, bin size and samples per bin.</summary>
internal sealed record RoIAxis(Tensor Start, Tensor Bin, Tensor Grid)
{
    /// <summary>
    /// Sampling coordinates of the RoIs <paramref name="ids"/> along this axis, padded to <paramref name="grid"/>
    /// samples per bin, as the two neighbouring pixels and their linear weights (zero for padding and
    /// for samples outside [−1, <paramref name="extent"/>]).
    /// </summary>
    public AxisSamples Sample(Tensor ids, int bins, int grid, long extent)
    {
        var dtype = Start.dtype;
        var start = Start.index_select(0, ids).view(-1, 1, 1);
        var bin = Bin.index_select(0, ids).view(-1, 1, 1);
        var samples = Grid.index_select(0, ids).view(-1, 1, 1);
        var binIndex = Ranges.Arange(bins, dtype, Start.device).view(1, -1, 1);
        var sampleIndex = Ranges.Arange(grid, dtype, Start.device).view(1, 1, -1);
        using var last = (extent - 1).ToScalar();
        using var end = extent.ToScalar();

        var position = start.add(binIndex * bin, Scalars.One).add(sampleIndex.add(Scalars.Half, Scalars.One) * bin / samples, Scalars.One);
        var inside = sampleIndex.lt(samples).logical_and(position.ge(Scalars.MinusOne)).logical_and(position.le(end));
        var clamped = where(inside, position, zeros_like(position)).clamp_min(Scalars.Zero);
        var low = clamped.trunc().to(ScalarType.Int64).clamp_max(last);
        var high = low.add(Scalars.One, Scalars.One).clamp_max(last);
        var frac = clamped.clamp_max(last) - low.to(dtype);
        // 1 − frac in double, then rounded to the dtype, as torchvision's `T hy = 1. - ly`.
        var rest = Scalars.OneMinus(frac.to(ScalarType.Float64)).to(dtype);
        var mask = inside.to(dtype);
        return new AxisSamples(low, high, rest * mask, frac * mask);
    }
}

/// <summary>Neighbouring pixels (int64) and weights of every sample along one axis: RoIs × bins × samples.</summary>
internal sealed record AxisSamples(Tensor Low, Tensor High, Tensor LowWeight, Tensor HighWeight);
