namespace Detect.Transforms.Corruptions;

/// <summary><c>gaussian_noise</c>: x/255 + N(0, c²) per value, clipped to [0, 1]; c = 0.08, 0.12, 0.18, 0.26, 0.38.</summary>
public sealed class GaussianNoise() : ImageCorruption("gaussian_noise", CorruptionGroup.Noise)
{
    static readonly double[] C = [.08, .12, 0.18, 0.26, 0.38];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng) =>
        Apply(image, severity, RandomDraws.Normals(rng, image.Pixels.Length));

    /// <summary>The corruption given the standard normal draws, one per value.</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, double[] normals)
    {
        double c = Pick(C, severity);
        var x = ImageArray.From(image, divideBy255: true);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = Math.Clamp(x.Data[i] + normals[i] * c, 0, 1) * 255;
        return x.ToImage();
    }
}
