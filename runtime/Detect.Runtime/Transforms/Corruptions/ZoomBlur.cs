namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>zoom_blur</c> (float32, as imagecorruptions): the mean of the image and its centre magnified by each factor of
/// <c>np.arange(1, end, step)</c>: (1.11, 0.01), (1.16, 0.01), (1.21, 0.02), (1.26, 0.02), (1.31, 0.03).
/// </summary>
public sealed class ZoomBlur() : ImageCorruption("zoom_blur", CorruptionGroup.Blur)
{
    static readonly (double End, double Step)[] C = [(1.11, 0.01), (1.16, 0.01), (1.21, 0.02), (1.26, 0.02), (1.31, 0.03)];

    /// <summary>The corruption (deterministic: <paramref name="rng"/> is not used).</summary>
    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        var (end, step) = Pick(C, severity);
        var factors = Arange(1, end, step);
        var x = ImageArray.From(image, divideBy255: true).Map(v => (float)v);
        var sum = new float[x.Data.Length];
        foreach (var zoom in factors)
        {
            var layer = LinearZoom.Clipped(x, zoom);
            int rows = Math.Min(layer.Height, x.Height), cols = Math.Min(layer.Width, x.Width);
            for (int y = 0; y < rows; y++)
                for (int col = 0; col < cols; col++)
                    for (int ch = 0; ch < 3; ch++) sum[(y * x.Width + col) * 3 + ch] += (float)layer[y, col, ch];
        }
        float count = factors.Length + 1;
        var result = new double[sum.Length];
        for (int i = 0; i < sum.Length; i++) result[i] = Math.Clamp(((float)x.Data[i] + sum[i]) / count, 0f, 1f) * 255f;
        return new ImageArray(x.Height, x.Width, 3, result).ToImage();
    }

    /// <summary>numpy's <c>arange(start, stop, step)</c>: ceil((stop − start)/step) values start + i·((start + step) − start).</summary>
    internal static double[] Arange(double start, double stop, double step)
    {
        int length = (int)Math.Ceiling((stop - start) / step);
        double delta = (start + step) - start;
        return [.. Enumerable.Range(0, length).Select(i => i == 1 ? start + step : start + i * delta)];
    }
}
