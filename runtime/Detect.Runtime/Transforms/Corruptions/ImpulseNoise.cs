namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>impulse_noise</c> (scikit-image's salt-and-pepper): each value flips with probability c (u₁ ≤ c), to 1 or 0 with
/// equal odds (u₂ ≤ 0.5 is salt); c = 0.03, 0.06, 0.09, 0.17, 0.27.
/// </summary>
public sealed class ImpulseNoise() : ImageCorruption("impulse_noise", CorruptionGroup.Noise)
{
    static readonly double[] C = [.03, .06, .09, 0.17, 0.27];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        int n = image.Pixels.Length;
        return Apply(image, severity, RandomDraws.Uniforms(rng, n), RandomDraws.Uniforms(rng, n));
    }

    /// <summary>The corruption given the two uniform draws per value (flip, salt).</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, double[] flip, double[] salt)
    {
        double c = Pick(C, severity);
        var x = ImageArray.From(image, divideBy255: true);
        for (int i = 0; i < x.Data.Length; i++)
        {
            if (flip[i] <= c) x.Data[i] = salt[i] <= 0.5 ? 1 : 0;
            x.Data[i] = Math.Clamp(x.Data[i], 0, 1) * 255;
        }
        return x.ToImage();
    }
}
