namespace Detect.Masks;

/// <summary>
/// Polygons and boxes → RLE exactly as pycocotools' <c>rleFrPoly</c> / <c>rleFrBbox</c>: the outline
/// is traced on a 5× upsampled grid, the points where it crosses pixel columns are kept, and the
/// column-major runs are read off those crossings. Integer and floating-point steps follow maskApi.c
/// one for one, so the runs (and hence areas and IoUs) are bit-identical.
/// </summary>
public static class PolygonRasterizer
{
    private const double Scale = 5;

    /// <summary>
    /// Rasterizes one polygon given as a flat [x1, y1, x2, y2, ...] list in pixels (an odd trailing
    /// value is ignored, as pycocotools does).
    /// </summary>
    public static Rle FromPolygon(ReadOnlySpan<double> xy, int height, int width)
    {
        int k = xy.Length / 2;
        var (u, v) = TraceOutline(xy, k);
        return RunsFromCrossings(u, v, height, width);
    }

    /// <summary>Rasterizes an [x, y, w, h] box (pycocotools' <c>rleFrBbox</c>: the box as a 4-point polygon).</summary>
    public static Rle FromBbox(ReadOnlySpan<double> xywh, int height, int width)
    {
        double xs = xywh[0], xe = xs + xywh[2];
        double ys = xywh[1], ye = ys + xywh[3];
        return FromPolygon([xs, ys, xs, ye, xe, ye, xe, ys], height, width);
    }

    /// <summary>Upsamples the closed outline and lists every grid point along it (maskApi.c's first stage).</summary>
    private static (int[] U, int[] V) TraceOutline(ReadOnlySpan<double> xy, int k)
    {
        var x = new int[k + 1];
        var y = new int[k + 1];
        for (int j = 0; j < k; j++) x[j] = CNumerics.TruncateToInt(Scale * xy[j * 2] + .5);
        for (int j = 0; j < k; j++) y[j] = CNumerics.TruncateToInt(Scale * xy[j * 2 + 1] + .5);
        if (k > 0)
        {
            x[k] = x[0];
            y[k] = y[0];
        }
        long m = 0;
        for (int j = 0; j < k; j++) m += (long)Math.Max((uint)Math.Abs(x[j] - x[j + 1]), (uint)Math.Abs(y[j] - y[j + 1])) + 1;
        var u = new int[m];
        var v = new int[m];
        m = 0;
        for (int j = 0; j < k; j++)
        {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.Abs(xe - xs), dy = Math.Abs(ys - ye);
            bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip)
            {
                (xs, xe) = (xe, xs);
                (ys, ye) = (ye, ys);
            }
            // A repeated vertex gives 0/0 = NaN here; the one point it yields is discarded later.
            double s = dx >= dy ? (double)(ye - ys) / dx : (double)(xe - xs) / dy;
            if (dx >= dy)
            {
                for (int d = 0; d <= dx; d++)
                {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = CNumerics.TruncateToInt(ys + s * t + .5);
                    m++;
                }
            }
            else
            {
                for (int d = 0; d <= dy; d++)
                {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = CNumerics.TruncateToInt(xs + s * t + .5);
                    m++;
                }
            }
        }
        return (u, v);
    }

    /// <summary>Keeps the outline's column crossings, downsampled, and turns them into runs (maskApi.c's second and third stages).</summary>
    private static Rle RunsFromCrossings(int[] u, int[] v, int height, int width)
    {
        int k = u.Length;
        var starts = new List<uint>(k / 2 + 1);
        ulong h = (ulong)height, w = (ulong)width;
        for (int j = 1; j < k; j++)
        {
            if (u[j] == u[j - 1]) continue;
            double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
            xd = (xd + .5) / Scale - .5;
            // size_t arithmetic in C: w - 1 wraps for w = 0.
            if (Math.Floor(xd) != xd || xd < 0 || xd > (double)unchecked(w - 1)) continue;
            double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
            yd = (yd + .5) / Scale - .5;
            if (yd < 0) yd = 0;
            else if (yd > h) yd = h;
            yd = Math.Ceiling(yd);
            starts.Add(unchecked((uint)((int)xd * height + (int)yd)));
        }
        starts.Add(unchecked((uint)(h * w)));
        var a = starts.ToArray();
        Array.Sort(a);
        uint previous = 0;
        for (int j = 0; j < a.Length; j++)
        {
            uint t = a[j];
            a[j] -= previous;
            previous = t;
        }
        // Zero-length runs merge their neighbours: a run of 0 between two runs joins them.
        var b = new List<uint>(a.Length) { a[0] };
        for (int j = 1; j < a.Length;)
        {
            if (a[j] > 0) b.Add(a[j++]);
            else
            {
                j++;
                if (j < a.Length) b[^1] += a[j++];
            }
        }
        return new Rle(height, width, [.. b]);
    }
}
