namespace Detect.Transforms.Corruptions;

/// <summary><c>jpeg_compression</c>: a JPEG round trip at quality 25, 18, 15, 10, 7 (Pillow's baseline 4:2:0, here through SkiaSharp).</summary>
public sealed class JpegCompression() : ImageCorruption("jpeg_compression", CorruptionGroup.Digital)
{
    static readonly int[] C = [25, 18, 15, 10, 7];

    /// <summary>The corruption (deterministic: <paramref name="rng"/> is not used).</summary>
    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng) => JpegRoundTrip.Apply(image, Pick(C, severity));
}
