namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>motion_blur</c>: the image smeared along a random direction (uniform in [−45°, 45°)) over 2·radius + 1 steps weighted
/// by a half Gaussian; (radius, σ) = (10, 3), (15, 5), (15, 8), (15, 12), (20, 15).
/// </summary>
public sealed class MotionBlur() : ImageCorruption("motion_blur", CorruptionGroup.Blur)
{
    static readonly (int Radius, double Sigma)[] C = [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng) =>
        Apply(image, severity, RandomDraws.Uniform(rng, -45, 45));

    /// <summary>The corruption given the angle in degrees.</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, double angle)
    {
        var (radius, sigma) = Pick(C, severity);
        return MotionBlurLayer.Blur(ImageArray.From(image, divideBy255: false), radius, sigma, angle).Clip(0, 255).ToImage();
    }
}
