namespace Detect.Transforms.Corruptions;

/// <summary>
/// scipy's <c>ndimage.zoom(x, (z, z, 1), order=1)</c> (mode 'constant', grid_mode False) and imagecorruptions'
/// <c>clipped_zoom</c>: the centre of the image, ceil(side / z) pixels, magnified z times.
/// </summary>
/// <remarks>As scipy: the output has round(side · z) pixels (half to even); output pixel k samples input coordinate
/// k · (n − 1)/(m − 1) by linear interpolation, and a coordinate that rounds beyond n − 1 reads 0 (the constant mode's
/// cval), which blackens the last row or column for some sizes — imagecorruptions inherits that, and so does Detect.</remarks>
internal static class LinearZoom
{
    /// <summary>imagecorruptions' <c>clipped_zoom(img, zoom_factor)</c>.</summary>
    public static ImageArray Clipped(ImageArray image, double zoom)
    {
        int ch0 = (int)Math.Ceiling(image.Height / zoom), top0 = (image.Height - ch0) / 2;
        int ch1 = (int)Math.Ceiling(image.Width / zoom), top1 = (image.Width - ch1) / 2;
        return Zoom(image, top0, ch0, top1, ch1, zoom);
    }

    /// <summary>scipy's zoom (order 1) of the window rows [top, top + rows) × columns [left, left + cols).</summary>
    public static ImageArray Zoom(ImageArray image, int top, int rows, int left, int cols, double zoom)
    {
        int outH = (int)Math.Round(rows * zoom, MidpointRounding.ToEven), outW = (int)Math.Round(cols * zoom, MidpointRounding.ToEven);
        var (y0, wy, yOut) = Axis(rows, outH);
        var (x0, wx, xOut) = Axis(cols, outW);
        int c = image.Channels;
        var output = new ImageArray(outH, outW, c);
        var src = image.Data;
        Parallel.For(0, outH, y =>
        {
            for (int x = 0; x < outW; x++)
                for (int ch = 0; ch < c; ch++)
                {
                    if (yOut[y] || xOut[x]) continue;   // beyond the last input sample: cval 0
                    // scipy sums neighbour · w_row · w_col in row-major neighbour order.
                    double sum = 0;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++)
                        {
                            double weight = wy[y][dy], weightX = wx[x][dx];
                            int yy = Math.Min(y0[y] + dy, rows - 1), xx = Math.Min(x0[x] + dx, cols - 1);
                            sum += src[((top + yy) * image.Width + left + xx) * c + ch] * weight * weightX;
                        }
                    output[y, x, ch] = sum;
                }
        });
        return output;
    }

    // Per output index: the first input sample, the two weights (1 − t, t), and whether the coordinate lies beyond n − 1.
    static (int[] Start, double[][] Weights, bool[] Outside) Axis(int n, int m)
    {
        double ratio = m > 1 ? (n - 1) / (double)(m - 1) : 1.0;
        var start = new int[m];
        var weights = new double[m][];
        var outside = new bool[m];
        for (int k = 0; k < m; k++)
        {
            double cc = k * ratio;
            outside[k] = cc > n - 1 || cc < 0;
            start[k] = (int)Math.Floor(cc);
            double t = cc - start[k];
            weights[k] = [1.0 - t, t];
        }
        return (start, weights, outside);
    }
}
