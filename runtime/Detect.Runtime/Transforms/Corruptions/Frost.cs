namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>frost</c>: c₁·x + c₂·frost, clipped to [0, 255], with (c₁, c₂) = (1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7),
/// (0.6, 0.75). imagecorruptions crops the frost layer from one of its frost photographs; Detect cannot ship them and
/// draws a synthetic frost texture instead (<see cref="FrostTexture"/>), so this corruption is imagecorruptions' blend
/// with a different (documented) ice layer.
/// </summary>
public sealed class Frost() : ImageCorruption("frost", CorruptionGroup.Weather)
{
    static readonly (double Image, double Frost)[] C = [(1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7), (0.6, 0.75)];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        // The texture comes B, G, R like cv2.imread's photograph; imagecorruptions reverses it to R, G, B before blending.
        var bgr = FrostTexture.Generate(image.Height, image.Width, rng).Pixels;
        var layer = new byte[bgr.Length];
        for (int i = 0; i < layer.Length; i += 3) (layer[i], layer[i + 1], layer[i + 2]) = (bgr[i + 2], bgr[i + 1], bgr[i]);
        return Apply(image, severity, layer);
    }

    /// <summary>The blend with a given frost layer (H×W×3 bytes, in the image's channel order).</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, byte[] layer)
    {
        var (a, b) = Pick(C, severity);
        var px = image.Pixels;
        var result = new double[px.Length];
        for (int i = 0; i < px.Length; i++) result[i] = Math.Clamp(a * px[i] + b * layer[i], 0, 255);
        return new ImageArray(image.Height, image.Width, 3, result).ToImage();
    }
}
