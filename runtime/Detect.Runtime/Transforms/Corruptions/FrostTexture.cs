using SkiaSharp;

namespace Detect.Transforms.Corruptions;

/// <summary>
/// A synthetic frost layer, standing in for the six frost photographs imagecorruptions ships (they cannot be
/// redistributed with Detect): a blue-grey ice sheet whose brightness varies slowly (a plasma fractal, as the fog
/// corruption's) under a dense scatter of thin bright ice needles, each with two side branches at ±60°, and fine grain.
/// </summary>
/// <remarks>
/// Tuned to the statistics of the five photographs imagecorruptions draws from (frost1–frost5): per-channel mean
/// about (B, G, R) = (179, 166, 143) and standard deviation about 26; <see cref="Generate"/> returns B, G, R bytes, as
/// <c>cv2.imread</c> gives the photographs. The needles make it look like frost, not its exact structure: results on
/// the frost corruption are comparable with MMDetection's in kind, not number for number.
/// </remarks>
internal static class FrostTexture
{
    /// <summary>A <paramref name="height"/> × <paramref name="width"/> frost texture in B, G, R order, drawn from <paramref name="rng"/>.</summary>
    public static ImageBuffer Generate(int height, int width, Random rng)
    {
        int mapsize = 2;
        while (mapsize < Math.Max(height, width)) mapsize *= 2;
        var sheet = PlasmaFractal.Generate(mapsize, 1.8, PlasmaFractal.From(rng));
        var needles = Needles(height, width, rng);
        var grain = RandomDraws.Normals(rng, height * width);
        var bytes = new byte[height * width * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                double intensity = Math.Clamp(0.64 + 0.3 * (sheet[y, x] - 0.5) + 0.4 * needles[i] + 0.04 * grain[i], 0, 1);
                bytes[3 * i] = (byte)(10 + 235 * intensity);
                bytes[3 * i + 1] = (byte)(8 + 220 * intensity);
                bytes[3 * i + 2] = (byte)(5 + 190 * intensity);
            }
        return new ImageBuffer(height, width, 3, bytes);
    }

    // Bright anti-aliased needles on black, as coverage in [0, 1] per pixel.
    static double[] Needles(int height, int width, Random rng)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        using var paint = new SKPaint { IsAntialias = true, StrokeWidth = 1, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round };
        double scale = Math.Sqrt(Math.Max(height, width) / 256.0);
        int count = Math.Max(1, height * width / 40);
        for (int n = 0; n < count; n++)
        {
            float x = (float)(rng.NextDouble() * width), y = (float)(rng.NextDouble() * height);
            double angle = rng.NextDouble() * Math.PI, length = (2 + rng.NextDouble() * 8) * scale;
            paint.Color = new SKColor(255, 255, 255, (byte)(40 + rng.Next(160)));
            foreach (var (turn, fraction) in new[] { (0.0, 1.0), (Math.PI / 3, 0.45), (-Math.PI / 3, 0.45) })
            {
                double a = angle + turn, l = length * fraction;
                canvas.DrawLine(x, y, x + (float)(Math.Cos(a) * l), y + (float)(Math.Sin(a) * l), paint);
            }
        }
        using var image = surface.Snapshot();
        using var pixmap = image.PeekPixels();
        var gray = pixmap.GetPixelSpan();
        var coverage = new double[height * width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                coverage[y * width + x] = gray[y * pixmap.RowBytes + x] / 255.0;
        return coverage;
    }
}
