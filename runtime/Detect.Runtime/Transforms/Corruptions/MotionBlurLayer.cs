namespace Detect.Transforms.Corruptions;

/// <summary>
/// imagecorruptions' <c>_motion_blur</c>: the image averaged with copies of itself shifted along a line at
/// <c>angle</c> degrees, weighted by a half Gaussian (σ) over 2·radius + 1 steps; shifts repeat the edge pixels.
/// </summary>
internal static class MotionBlurLayer
{
    /// <summary>Blurs <paramref name="image"/> (values as they are, no scaling).</summary>
    public static ImageArray Blur(ImageArray image, int radius, double sigma, double angle)
    {
        int width = radius * 2 + 1;
        var kernel = new double[width];
        double z = 0;
        for (int i = 0; i < width; i++)
        {
            kernel[i] = Math.Exp(-((double)i * i) / (2 * (sigma * sigma))) / (Math.Sqrt(2 * Math.PI) * sigma);
            z += kernel[i];
        }
        double radians = angle * (Math.PI / 180.0);
        double p0 = width * Math.Sin(radians), p1 = width * Math.Cos(radians);
        double hypot = double.Hypot(p0, p1);
        int h = image.Height, w = image.Width, c = image.Channels;
        var blurred = new ImageArray(h, w, c);
        var dst = blurred.Data;
        var src = image.Data;
        for (int i = 0; i < width; i++)
        {
            int dy = -(int)Math.Ceiling(i * p0 / hypot - 0.5);
            int dx = -(int)Math.Ceiling(i * p1 / hypot - 0.5);
            if (Math.Abs(dy) >= h || Math.Abs(dx) >= w) break;   // the motion left the image
            double k = kernel[i] / z;
            // shift(x, dx, dy)[r, j] = x[clamp(r − dy), clamp(j − dx)]
            Parallel.For(0, h, r =>
            {
                int sy = Math.Clamp(r - dy, 0, h - 1);
                for (int j = 0; j < w; j++)
                {
                    int sx = Math.Clamp(j - dx, 0, w - 1);
                    for (int ch = 0; ch < c; ch++)
                        dst[(r * w + j) * c + ch] += k * src[(sy * w + sx) * c + ch];
                }
            });
        }
        return blurred;
    }
}
