namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>elastic_transform</c>: each pixel resampled (bilinear, mirrored edges) from a position displaced by smooth random
/// fields: uniform noise in ±0.005·H, Gaussian-smoothed (σ = 0.01·(H, W), truncated at 3σ, mirrored edges) and scaled by
/// α = 250·(0.05, 0.065, 0.085, 0.1, 0.12). The image is float32, as in imagecorruptions.
/// </summary>
public sealed class ElasticTransform() : ImageCorruption("elastic_transform", CorruptionGroup.Digital)
{
    static readonly double[] Alpha = [250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        int n = image.Height * image.Width;
        return Apply(image, severity, RandomDraws.Uniforms(rng, n), RandomDraws.Uniforms(rng, n));
    }

    /// <summary>The corruption given the two H×W fields of uniforms in [0, 1) (for dx, then dy).</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, double[] uniformX, double[] uniformY)
    {
        int h = image.Height, w = image.Width;
        double alpha = Pick(Alpha, severity), maxD = h * 0.005;
        float[] Field(double[] u)
        {
            var noise = new ImageArray(h, w, 1, [.. u.Select(v => -maxD + (maxD - -maxD) * v)]);
            return [.. Filters.Gaussian(noise, h * 0.01, w * 0.01, 3.0, Boundary.Reflect).Data.Select(v => (float)(v * alpha))];
        }
        var dx = Field(uniformX);
        var dy = Field(uniformY);
        var px = image.Pixels;
        var src = new float[px.Length];
        for (int i = 0; i < px.Length; i++) src[i] = px[i] / 255f;
        var result = new double[px.Length];
        Parallel.For(0, h, y =>
        {
            for (int x = 0; x < w; x++)
            {
                double cy = y + (double)dy[y * w + x], cx = x + (double)dx[y * w + x];
                int y0 = (int)Math.Floor(cy), x0 = (int)Math.Floor(cx);
                double ty = cy - y0, tx = cx - x0;
                double[] wy = [1 - ty, ty], wx = [1 - tx, tx];
                for (int ch = 0; ch < 3; ch++)
                {
                    double sum = 0;
                    for (int a = 0; a < 2; a++)
                        for (int b = 0; b < 2; b++)
                        {
                            int yy = Filters.Index(y0 + a, h, Boundary.Reflect), xx = Filters.Index(x0 + b, w, Boundary.Reflect);
                            sum += src[(yy * w + xx) * 3 + ch] * wy[a] * wx[b];
                        }
                    float value = Math.Clamp((float)sum, 0f, 1f) * 255f;   // map_coordinates writes float32
                    result[(y * w + x) * 3 + ch] = value;
                }
            }
        });
        return new ImageArray(h, w, 3, result).ToImage();
    }
}
