namespace Detect.Transforms.Corruptions;

/// <summary>How a filter reads beyond the image edge.</summary>
internal enum Boundary
{
    /// <summary>Repeat the edge pixel (scipy's 'nearest', skimage.filters.gaussian's default).</summary>
    Nearest,

    /// <summary>Mirror about the pixel edge, d c b a | a b c d (scipy's 'reflect').</summary>
    Reflect,

    /// <summary>Mirror about the edge pixel, d c b | a b c d (OpenCV's default BORDER_REFLECT_101).</summary>
    Reflect101,
}

/// <summary>The filters imagecorruptions uses: scipy's <c>gaussian_filter</c> / <c>correlate1d</c> and OpenCV's <c>filter2D</c>.</summary>
internal static class Filters
{
    /// <summary>scipy's <c>_gaussian_kernel1d</c>: exp(−x²/(2σ²)) for |x| ≤ int(truncate·σ + 0.5), normalized.</summary>
    public static double[] GaussianKernel(double sigma, double truncate)
    {
        int radius = (int)(truncate * sigma + 0.5);
        var phi = new double[2 * radius + 1];
        double sum = 0;
        for (int i = 0; i < phi.Length; i++)
        {
            int x = i - radius;
            phi[i] = Math.Exp(-0.5 / (sigma * sigma) * (x * x));
            sum += phi[i];
        }
        for (int i = 0; i < phi.Length; i++) phi[i] /= sum;
        return phi;
    }

    /// <summary>scipy's <c>gaussian_filter</c> over rows and columns (σ 0 along channels), axis by axis; axes with σ ≤ 1e-15 are skipped.</summary>
    public static ImageArray Gaussian(ImageArray image, double sigmaY, double sigmaX, double truncate, Boundary boundary)
    {
        var result = image;
        if (sigmaY > 1e-15) result = Correlate1d(result, GaussianKernel(sigmaY, truncate), axis: 0, boundary);
        if (sigmaX > 1e-15) result = Correlate1d(result, GaussianKernel(sigmaX, truncate), axis: 1, boundary);
        return result;
    }

    /// <summary>scipy's <c>correlate1d</c> (origin 0) along rows (axis 0) or columns (axis 1).</summary>
    public static ImageArray Correlate1d(ImageArray image, double[] weights, int axis, Boundary boundary)
    {
        int radius = weights.Length / 2, h = image.Height, w = image.Width, c = image.Channels;
        var output = new ImageArray(h, w, c);
        var src = image.Data;
        var dst = output.Data;
        Parallel.For(0, h, y =>
        {
            for (int x = 0; x < w; x++)
                for (int ch = 0; ch < c; ch++)
                {
                    double sum = 0;
                    for (int k = -radius; k <= radius; k++)
                    {
                        int yy = axis == 0 ? Index(y + k, h, boundary) : y;
                        int xx = axis == 1 ? Index(x + k, w, boundary) : x;
                        sum += weights[k + radius] * src[(yy * w + xx) * c + ch];
                    }
                    dst[(y * w + x) * c + ch] = sum;
                }
        });
        return output;
    }

    /// <summary>
    /// OpenCV's <c>filter2D(x, -1, kernel)</c> on each channel of a float64 image: correlation with the kernel centred,
    /// BORDER_REFLECT_101, each output summed over kernel rows, then columns, as OpenCV's double path adds them.
    /// </summary>
    public static ImageArray Correlate2dReflect101(ImageArray image, double[,] kernel)
    {
        int kh = kernel.GetLength(0), kw = kernel.GetLength(1), ry = kh / 2, rx = kw / 2;
        int h = image.Height, w = image.Width, c = image.Channels, paddedW = w + kw - 1;
        // One plane per channel, padded left and right, so a kernel tap is a shifted row: dst[x] += k · row[x + kx].
        var planes = new double[c][];
        for (int ch = 0; ch < c; ch++)
        {
            var plane = planes[ch] = new double[h * paddedW];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < paddedW; x++)
                    plane[y * paddedW + x] = image.Data[(y * w + Index(x - rx, w, Boundary.Reflect101)) * c + ch];
        }
        var output = new ImageArray(h, w, c);
        Parallel.For(0, h * c, job =>
        {
            int y = job / c, ch = job % c;
            var sum = new double[w];
            var plane = planes[ch];
            for (int ky = 0; ky < kh; ky++)
            {
                var row = plane.AsSpan(Index(y + ky - ry, h, Boundary.Reflect101) * paddedW, paddedW);
                for (int kx = 0; kx < kw; kx++)
                {
                    double k = kernel[ky, kx];
                    if (k == 0) continue;   // OpenCV visits non-zero taps only
                    var src = row.Slice(kx, w);
                    int x = 0;
                    var kv = new System.Numerics.Vector<double>(k);
                    for (; x <= w - System.Numerics.Vector<double>.Count; x += System.Numerics.Vector<double>.Count)
                    {
                        var acc = new System.Numerics.Vector<double>(sum, x) + kv * new System.Numerics.Vector<double>(src.Slice(x));
                        acc.CopyTo(sum, x);
                    }
                    for (; x < w; x++) sum[x] += k * src[x];
                }
            }
            for (int x = 0; x < w; x++) output.Data[(y * w + x) * c + ch] = sum[x];
        });
        return output;
    }

    /// <summary>Where index <paramref name="i"/> of a length-<paramref name="n"/> axis reads under <paramref name="boundary"/>.</summary>
    public static int Index(int i, int n, Boundary boundary)
    {
        if (i >= 0 && i < n) return i;
        if (boundary == Boundary.Nearest) return i < 0 ? 0 : n - 1;
        if (boundary == Boundary.Reflect101)
        {
            if (n == 1) return 0;
            int period = 2 * (n - 1), m = ((i % period) + period) % period;
            return m < n ? m : period - m;
        }
        int p = 2 * n, r = ((i % p) + p) % p;
        return r < n ? r : p - 1 - r;
    }
}
