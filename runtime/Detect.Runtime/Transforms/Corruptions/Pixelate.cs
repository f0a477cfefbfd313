namespace Detect.Transforms.Corruptions;

/// <summary><c>pixelate</c>: Pillow's BOX downscale to c of the size (int(W·c) × int(H·c)), then NEAREST back; c = 0.6, 0.5, 0.4, 0.3, 0.25.</summary>
public sealed class Pixelate() : ImageCorruption("pixelate", CorruptionGroup.Digital)
{
    static readonly double[] C = [0.6, 0.5, 0.4, 0.3, 0.25];

    /// <summary>The corruption (deterministic: <paramref name="rng"/> is not used).</summary>
    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        double c = Pick(C, severity);
        var small = PilResize.Box(image, (int)(image.Width * c), (int)(image.Height * c));
        return PilResize.Nearest(small, image.Width, image.Height);
    }
}
