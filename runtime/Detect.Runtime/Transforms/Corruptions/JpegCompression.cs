namespace Detect.Transforms.Corruptions;

/// <summary><c>jpeg_compression</c>: a JPEG round trip at quality 25, 18, 15, 10, 7 (Pillow's baseline 4:2:0, here through SkiaSharp).</summary>
public sealed class JpegCompression : ImageCorruption
{
    static readonly int[] C = [25, 18, 15, 10, 7];

    /// <inheritdoc/>
    public override string Name => "jpeg_compression";

    /// <inheritdoc/>
    public override CorruptionGroup Group => CorruptionGroup.Digital;

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng) => Apply(image, severity);

    /// <summary>The corruption (deterministic).</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity) => JpegRoundTrip.Apply(image, Pick(C, severity));
}
