using SkiaSharp;

namespace Detect.Visualization;

/// <summary>
/// Class colours for drawing: a dataset's own palette when it has one, otherwise distinct, deterministic colours
/// (hues stepped by the golden angle, so neighbouring labels differ strongly).
/// </summary>
public static class Palette
{
    /// <summary>The colour of <paramref name="label"/>, from <paramref name="palette"/> when given.</summary>
    public static SKColor Color(int label, IReadOnlyList<(byte R, byte G, byte B)>? palette = null)
    {
        if (palette is { Count: > 0 })
        {
            var (r, g, b) = palette[((label % palette.Count) + palette.Count) % palette.Count];
            return new SKColor(r, g, b);
        }
        float hue = (label * 137.508f) % 360f;
        return SKColor.FromHsv(hue < 0 ? hue + 360 : hue, 75, 95);
    }
}
