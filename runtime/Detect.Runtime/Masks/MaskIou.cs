namespace Detect.Masks;

/// <summary>
/// Intersection over union as pycocotools' <c>iou</c> (maskApi.c's <c>bbIou</c>, <c>rleIou</c>). For a
/// crowd ground truth the union is the detection's own area, so a detection inside a crowd region
/// scores 1. Results are laid out [detection, ground truth], like pycocotools' m×n matrix.
/// </summary>
public static class MaskIou
{
    /// <summary>IoU of [x, y, w, h] boxes: <paramref name="dt"/> m×4 and <paramref name="gt"/> n×4, flat row-major.</summary>
    public static double[,] BoxIou(ReadOnlySpan<double> dt, ReadOnlySpan<double> gt, ReadOnlySpan<bool> isCrowd)
    {
        int m = dt.Length / 4, n = gt.Length / 4;
        CheckCrowd(isCrowd, n);
        var o = new double[m, n];
        for (int g = 0; g < n; g++)
            for (int d = 0; d < m; d++)
                o[d, g] = BoxIou(dt.Slice(d * 4, 4), gt.Slice(g * 4, 4), isCrowd.Length > 0 && isCrowd[g]);
        return o;
    }

    /// <summary>IoU of one [x, y, w, h] box pair, bit-identical to maskApi.c's <c>bbIou</c>.</summary>
    public static double BoxIou(ReadOnlySpan<double> d, ReadOnlySpan<double> g, bool crowd) =>
        BoxIou(d[0], d[1], d[2], d[3], g[0], g[1], g[2], g[3], crowd);

    /// <summary><see cref="BoxIou(ReadOnlySpan{double}, ReadOnlySpan{double}, bool)"/> on scalars, for the evaluator's loops.</summary>
    internal static double BoxIou(double dx, double dy, double dw, double dh, double gx, double gy, double gw, double gh, bool crowd)
    {
        double w = FMin(dw + dx, gw + gx) - FMax(dx, gx);
        if (w <= 0) return 0;
        double h = FMin(dh + dy, gh + gy) - FMax(dy, gy);
        if (h <= 0) return 0;
        double i = w * h;
        double da = dw * dh;
        double u = crowd ? da : da + gw * gh - i;
        return i / u;
    }

    /// <summary>
    /// IoU of masks. Pairs whose boxes do not overlap are 0 without walking the runs; pairs of
    /// different sizes are −1 (pycocotools' marker, which never passes a threshold).
    /// </summary>
    public static double[,] RleIou(IReadOnlyList<Rle> dt, IReadOnlyList<Rle> gt, ReadOnlySpan<bool> isCrowd)
    {
        int m = dt.Count, n = gt.Count;
        CheckCrowd(isCrowd, n);
        var db = new double[m * 4];
        var gb = new double[n * 4];
        for (int d = 0; d < m; d++) RleOps.WriteBbox(dt[d], db.AsSpan(d * 4, 4));
        for (int g = 0; g < n; g++) RleOps.WriteBbox(gt[g], gb.AsSpan(g * 4, 4));
        var o = new double[m, n];
        for (int g = 0; g < n; g++)
        {
            bool crowd = isCrowd.Length > 0 && isCrowd[g];
            for (int d = 0; d < m; d++)
            {
                double boxIou = BoxIou(db.AsSpan(d * 4, 4), gb.AsSpan(g * 4, 4), crowd);
                o[d, g] = boxIou > 0 ? RunIou(dt[d], gt[g], crowd) : boxIou;
            }
        }
        return o;
    }

    /// <summary>IoU of two masks by walking their runs together (the box pre-check already passed).</summary>
    internal static double RunIou(Rle dt, Rle gt, bool crowd)
    {
        if (dt.Height != gt.Height || dt.Width != gt.Width) return -1;
        var walker = new RunPairWalker(dt.Counts, gt.Counts);
        uint inter = 0, union = 0;
        while (walker.Next(out uint length, out bool inDt, out bool inGt))
        {
            if (inDt || inGt) union += length;
            if (inDt && inGt) inter += length;
        }
        if (inter == 0) union = 1;
        else if (crowd) union = RleOps.Area(dt);
        return (double)inter / union;
    }

    // C's fmin/fmax return the other operand when one is NaN (Math.Min/Max would return NaN).
    private static double FMin(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Min(a, b);

    private static double FMax(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static void CheckCrowd(ReadOnlySpan<bool> isCrowd, int n)
    {
        if (isCrowd.Length != 0 && isCrowd.Length != n)
            throw new ArgumentException($"isCrowd has {isCrowd.Length} flags for {n} ground-truth masks.", nameof(isCrowd));
    }
}
