namespace Detect.Transforms.Corruptions;

/// <summary><c>contrast</c>: each channel pulled towards its mean, (x − mean)·c + mean; c = 0.4, 0.3, 0.2, 0.1, 0.05.</summary>
public sealed class Contrast() : ImageCorruption("contrast", CorruptionGroup.Digital)
{
    static readonly double[] C = [0.4, .3, .2, .1, .05];

    /// <summary>The corruption (deterministic: <paramref name="rng"/> is not used).</summary>
    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        double c = Pick(C, severity);
        var x = ImageArray.From(image, divideBy255: true);
        var d = x.Data;
        var means = new double[3];
        for (int i = 0; i < d.Length; i++) means[i % 3] += d[i];   // np.mean over axes (0, 1): pixel by pixel
        for (int ch = 0; ch < 3; ch++) means[ch] /= image.Height * image.Width;
        for (int i = 0; i < d.Length; i++) d[i] = Math.Clamp((d[i] - means[i % 3]) * c + means[i % 3], 0, 1) * 255;
        return x.ToImage();
    }
}
