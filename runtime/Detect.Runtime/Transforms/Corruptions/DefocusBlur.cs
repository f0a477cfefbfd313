namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>defocus_blur</c>: each channel correlated (OpenCV's <c>filter2D</c>) with a disk of radius r, anti-aliased by a
/// Gaussian of σ = alias_blur; (r, alias_blur) = (3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5).
/// </summary>
public sealed class DefocusBlur() : ImageCorruption("defocus_blur", CorruptionGroup.Blur)
{
    static readonly (int Radius, double AliasBlur)[] C = [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5)];

    /// <summary>The corruption (deterministic: <paramref name="rng"/> is not used).</summary>
    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        var (radius, aliasBlur) = Pick(C, severity);
        return Filters.Correlate2dReflect101(ImageArray.From(image, divideBy255: true), Disk(radius, aliasBlur))
            .Map(v => Math.Clamp(v, 0, 1) * 255).ToImage();
    }

    /// <summary>imagecorruptions' <c>disk</c>: the float32 disk X² + Y² ≤ r² over [−max(8, r), max(8, r)]², normalized, then
    /// <c>cv2.GaussianBlur</c> (3×3, or 5×5 beyond radius 8) in float32.</summary>
    internal static double[,] Disk(int radius, double aliasBlur)
    {
        int half = radius <= 8 ? 8 : radius, size = 2 * half + 1, ksize = radius <= 8 ? 3 : 5;
        var disk = new float[size, size];
        float count = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if ((x - half) * (x - half) + (y - half) * (y - half) <= radius * radius) count += disk[y, x] = 1f;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) disk[y, x] /= count;
        var k = CvGaussianKernel(ksize, aliasBlur);
        var rows = Separable(disk, k, horizontal: true);
        var blurred = Separable(rows, k, horizontal: false);
        var kernel = new double[size, size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) kernel[y, x] = blurred[y, x];
        return kernel;
    }

    // OpenCV's getGaussianKernel(n, sigma, CV_32F) for sigma > 0.
    static float[] CvGaussianKernel(int n, double sigma)
    {
        var k = new float[n];
        double scale = -0.5 / (sigma * sigma), sum = 0;
        for (int i = 0; i < n; i++)
        {
            double x = i - (n - 1) * 0.5;
            k[i] = (float)Math.Exp(scale * x * x);
            sum += k[i];
        }
        sum = 1.0 / sum;
        for (int i = 0; i < n; i++) k[i] = (float)(k[i] * sum);
        return k;
    }

    // One pass of OpenCV's symmetric separable filter in float32, BORDER_REFLECT_101.
    static float[,] Separable(float[,] src, float[] k, bool horizontal)
    {
        int h = src.GetLength(0), w = src.GetLength(1), r = k.Length / 2;
        var dst = new float[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float At(int offset) => horizontal
                    ? src[y, Filters.Index(x + offset, w, Boundary.Reflect101)]
                    : src[Filters.Index(y + offset, h, Boundary.Reflect101), x];
                float s = k[r] * At(0);
                for (int j = 1; j <= r; j++) s += k[r + j] * (At(-j) + At(j));
                dst[y, x] = s;
            }
        return dst;
    }
}
