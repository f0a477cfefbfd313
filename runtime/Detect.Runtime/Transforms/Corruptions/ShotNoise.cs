namespace Detect.Transforms.Corruptions;

/// <summary><c>shot_noise</c>: Poisson(x/255 · c) / c, clipped to [0, 1]; c = 60, 25, 12, 5, 3 (photons per unit).</summary>
public sealed class ShotNoise() : ImageCorruption("shot_noise", CorruptionGroup.Noise)
{
    static readonly int[] C = [60, 25, 12, 5, 3];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        int c = Pick(C, severity);
        var pixels = image.Pixels;
        var counts = new double[pixels.Length];
        for (int i = 0; i < counts.Length; i++) counts[i] = RandomDraws.Poisson(rng, pixels[i] / 255.0 * c);
        return Apply(image, severity, counts);
    }

    /// <summary>The corruption given the Poisson counts, one per value.</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, double[] counts)
    {
        double c = Pick(C, severity);
        var x = new ImageArray(image.Height, image.Width, 3, [.. counts.Select(k => Math.Clamp(k / c, 0, 1) * 255)]);
        return x.ToImage();
    }
}
