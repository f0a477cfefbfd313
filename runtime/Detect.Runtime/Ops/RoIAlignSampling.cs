using System.Numerics;

namespace Detect.Ops;

/// <summary>One bilinear sampling point: the four neighbouring pixels (offsets in a channel plane) and their weights.</summary>
internal struct SamplePoint<T> where T : unmanaged
{
    public int Pos1, Pos2, Pos3, Pos4;
    public T W1, W2, W3, W4;

    /// <summary>False for points outside [−1, size]: torchvision's forward adds 0 × pixel 0, its backward skips them.</summary>
    public bool Valid;
}

/// <summary>
/// Where one RoI samples the feature map: its bins and the bilinear sampling points inside them,
/// computed in the features' precision with the arithmetic of torchvision's CPU kernel
/// (<c>roi_align_kernel.cpp</c> / <c>pre_calc_for_bilinear_interpolate</c>), so results match it.
/// </summary>
internal readonly struct RoIBins<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly int Batch;
    public readonly int GridH, GridW;
    readonly T startH, startW, binH, binW;

    /// <summary>Layout of the RoI in row <paramref name="index"/> of the K×5 <paramref name="rois"/>.</summary>
    public RoIBins(ReadOnlySpan<T> rois, int index, RoIAlignArgs args)
    {
        var roi = rois.Slice(index * 5, 5);
        T scale = T.CreateTruncating(args.SpatialScale);
        T offset = args.Aligned ? T.CreateTruncating(0.5) : T.Zero;
        Batch = int.CreateTruncating(roi[0]);
        startW = roi[1] * scale - offset;
        startH = roi[2] * scale - offset;
        T roiW = roi[3] * scale - offset - startW;
        T roiH = roi[4] * scale - offset - startH;
        if (!args.Aligned)
        {
            // Malformed (inverted, sub-pixel) RoIs become 1×1, as in torchvision.
            roiW = roiW < T.One ? T.One : roiW;
            roiH = roiH < T.One ? T.One : roiH;
        }
        binH = roiH / T.CreateTruncating(args.OutputHeight);
        binW = roiW / T.CreateTruncating(args.OutputWidth);
        GridH = args.GridSize(double.CreateTruncating(binH));
        GridW = args.GridSize(double.CreateTruncating(binW));
        args.CheckSampleCount(index, GridH, GridW);
    }

    /// <summary>Sampling points per output bin.</summary>
    public int PointsPerBin => GridH * GridW;

    /// <summary>
    /// Fills <paramref name="points"/> (outputHeight × outputWidth × GridH × GridW, in that order) for a
    /// <paramref name="height"/> × <paramref name="width"/> feature plane.
    /// </summary>
    public void Fill(Span<SamplePoint<T>> points, int outputHeight, int outputWidth, int height, int width)
    {
        T gridH = T.CreateTruncating(GridH), gridW = T.CreateTruncating(GridW);
        int k = 0;
        for (int ph = 0; ph < outputHeight; ph++)
        for (int pw = 0; pw < outputWidth; pw++)
        for (int iy = 0; iy < GridH; iy++)
        {
            T y = startH + T.CreateTruncating(ph) * binH + T.CreateTruncating(iy + 0.5f) * binH / gridH;
            for (int ix = 0; ix < GridW; ix++)
            {
                T x = startW + T.CreateTruncating(pw) * binW + T.CreateTruncating(ix + 0.5f) * binW / gridW;
                points[k++] = Interpolate(y, x, height, width);
            }
        }
    }

    static SamplePoint<T> Interpolate(T y, T x, int height, int width)
    {
        // Written as !(in range) so that NaN coordinates land here too.
        if (!(y >= -T.One && y <= T.CreateTruncating(height) && x >= -T.One && x <= T.CreateTruncating(width)))
            return default;
        if (y <= T.Zero) y = T.Zero;
        if (x <= T.Zero) x = T.Zero;
        var (yLow, yHigh) = Neighbours(ref y, height);
        var (xLow, xHigh) = Neighbours(ref x, width);
        T ly = y - T.CreateTruncating(yLow), lx = x - T.CreateTruncating(xLow);
        // torchvision writes `T hy = 1. - ly`: the subtraction happens in double, then rounds to T.
        T hy = T.CreateTruncating(1.0 - double.CreateTruncating(ly));
        T hx = T.CreateTruncating(1.0 - double.CreateTruncating(lx));
        return new SamplePoint<T>
        {
            Pos1 = yLow * width + xLow, Pos2 = yLow * width + xHigh,
            Pos3 = yHigh * width + xLow, Pos4 = yHigh * width + xHigh,
            W1 = hy * hx, W2 = hy * lx, W3 = ly * hx, W4 = ly * lx,
            Valid = true,
        };
    }

    /// <summary>The lower and upper pixel around coordinate <paramref name="v"/>, clamped to the last pixel.</summary>
    static (int Low, int High) Neighbours(ref T v, int size)
    {
        int low = int.CreateTruncating(v);
        if (low >= size - 1)
        {
            v = T.CreateTruncating(size - 1);
            return (size - 1, size - 1);
        }
        return (low, low + 1);
    }
}
