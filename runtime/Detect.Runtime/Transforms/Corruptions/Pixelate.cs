namespace Detect.Transforms.Corruptions;

/// <summary><c>pixelate</c>: Pillow's BOX downscale to c of the size (int(W·c) × int(H·c)), then NEAREST back; c = 0.6, 0.5, 0.4, 0.3, 0.25.</summary>
public sealed class Pixelate : ImageCorruption
{
    static readonly double[] C = [0.6, 0.5, 0.4, 0.3, 0.25];

    /// <inheritdoc/>
    public override string Name => "pixelate";

    /// <inheritdoc/>
    public override CorruptionGroup Group => CorruptionGroup.Digital;

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng) => Apply(image, severity);

    /// <summary>The corruption (deterministic).</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity)
    {
        double c = Pick(C, severity);
        var small = PilResize.Box(image, (int)(image.Width * c), (int)(image.Height * c));
        return PilResize.Nearest(small, image.Width, image.Height);
    }
}
