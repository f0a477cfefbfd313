namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>snow</c>: a layer of Gaussian noise (mean, σ) magnified by <c>zoom</c>, kept where above <c>threshold</c>, smeared
/// by a motion blur (radius, σ_m) at an angle uniform in [−135°, −45°) and quantized to 8 bits, added to the image and
/// to its own 180° rotation; the image is first whitened: keep·x + (1 − keep)·max(x, 1.5·grey + 0.5).
/// (mean, σ, zoom, threshold, radius, σ_m, keep) = (0.1, 0.3, 3, 0.5, 10, 4, 0.8), (0.2, 0.3, 2, 0.5, 12, 4, 0.7),
/// (0.55, 0.3, 4, 0.9, 12, 8, 0.7), (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65), (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55).
/// </summary>
public sealed class Snow() : ImageCorruption("snow", CorruptionGroup.Weather)
{
    static readonly (double Mean, double Sigma, double Zoom, double Threshold, int Radius, double MotionSigma, double Keep)[] C =
    [
        (0.1, 0.3, 3, 0.5, 10, 4, 0.8), (0.2, 0.3, 2, 0.5, 12, 4, 0.7), (0.55, 0.3, 4, 0.9, 12, 8, 0.7),
        (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65), (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55),
    ];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        var normals = RandomDraws.Normals(rng, image.Height * image.Width);
        return Apply(image, severity, normals, RandomDraws.Uniform(rng, -135, -45));
    }

    /// <summary>The corruption given the H×W standard normals of the snow layer and the blur angle.</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, double[] normals, double angle)
    {
        var c = Pick(C, severity);
        int h = image.Height, w = image.Width;
        var layer = new ImageArray(h, w, 1, [.. normals.Select(g => c.Mean + c.Sigma * g)]);
        layer = LinearZoom.Clipped(layer, c.Zoom).Map(v => v < c.Threshold ? 0 : Math.Clamp(v, 0, 1));
        layer = MotionBlurLayer.Blur(layer, c.Radius, c.MotionSigma, angle)
            .Map(v => (byte)Math.Round(v * 255, MidpointRounding.ToEven) / 255.0);   // np.round(...).astype(np.uint8) / 255.
        var px = image.Pixels;
        var result = new double[h * w * 3];
        float keep = (float)c.Keep, rest = (float)(1 - c.Keep);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                float r = px[i] / 255f, g = px[i + 1] / 255f, b = px[i + 2] / 255f;
                float grey = r * 0.299f + g * 0.587f + b * 0.114f;   // cv2.COLOR_RGB2GRAY on float32
                float lifted = grey * 1.5f + 0.5f;
                double flake = layer[y, x, 0], rotated = layer[h - 1 - y, w - 1 - x, 0];
                // (x + snow_layer) + rot90(snow_layer, 2), x in float32
                result[i] = Math.Clamp((double)(keep * r + rest * Math.Max(r, lifted)) + flake + rotated, 0, 1) * 255;
                result[i + 1] = Math.Clamp((double)(keep * g + rest * Math.Max(g, lifted)) + flake + rotated, 0, 1) * 255;
                result[i + 2] = Math.Clamp((double)(keep * b + rest * Math.Max(b, lifted)) + flake + rotated, 0, 1) * 255;
            }
        return new ImageArray(h, w, 3, result).ToImage();
    }
}
