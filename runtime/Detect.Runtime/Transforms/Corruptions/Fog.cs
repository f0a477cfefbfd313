namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>fog</c>: x/255 + c₁·plasma (a diamond–square fractal over the next power of two of the longer side, noise decaying
/// by c₂ per level), rescaled by max/(max + c₁) and clipped; (c₁, c₂) = (1.5, 2), (2, 2), (2.5, 1.7), (2.5, 1.5), (3, 1.4).
/// </summary>
public sealed class Fog() : ImageCorruption("fog", CorruptionGroup.Weather)
{
    static readonly (double Strength, double Decay)[] C = [(1.5, 2), (2.0, 2), (2.5, 1.7), (2.5, 1.5), (3.0, 1.4)];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        int mapsize = 1;
        while (mapsize < Math.Max(Math.Max(image.Height, image.Width), 3)) mapsize *= 2;   // next_power_of_2(max(shape))
        var map = PlasmaFractal.Generate(mapsize, Pick(C, severity).Decay, PlasmaFractal.From(rng));
        var crop = new float[image.Height * image.Width];
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++) crop[y * image.Width + x] = map[y, x];
        return Apply(image, severity, crop);
    }

    /// <summary>The corruption given the fractal's H×W top-left crop (float32, as imagecorruptions makes it).</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, float[] fractal)
    {
        double strength = Pick(C, severity).Strength;
        var x = ImageArray.From(image, divideBy255: true);
        double max = x.Data.Max();
        for (int i = 0; i < x.Data.Length; i++)
        {
            float fog = (float)strength * fractal[i / 3];   // c[0] * fractal: float32
            x.Data[i] = Math.Clamp((x.Data[i] + fog) * max / (max + strength), 0, 1) * 255;
        }
        return x.ToImage();
    }
}
