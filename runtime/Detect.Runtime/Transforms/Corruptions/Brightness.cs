namespace Detect.Transforms.Corruptions;

/// <summary><c>brightness</c>: V + c in scikit-image's HSV (clipped to 1); c = 0.1, 0.2, 0.3, 0.4, 0.5.</summary>
public sealed class Brightness() : ImageCorruption("brightness", CorruptionGroup.Weather)
{
    static readonly double[] C = [.1, .2, .3, .4, .5];

    /// <summary>The corruption (deterministic: <paramref name="rng"/> is not used).</summary>
    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        double c = Pick(C, severity);
        var x = ImageArray.From(image, divideBy255: true);
        var d = x.Data;
        for (int i = 0; i < d.Length; i += 3)
        {
            var (h, s, v) = SkimageHsv.FromRgb(d[i], d[i + 1], d[i + 2]);
            var (r, g, b) = SkimageHsv.ToRgb(h, s, Math.Clamp(v + c, 0, 1));
            (d[i], d[i + 1], d[i + 2]) = (Math.Clamp(r, 0, 1) * 255, Math.Clamp(g, 0, 1) * 255, Math.Clamp(b, 0, 1) * 255);
        }
        return x.ToImage();
    }
}
