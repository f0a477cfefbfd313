using SkiaSharp;

namespace Detect.Data;

/// <summary>Textured backgrounds for <see cref="ShapesDataset"/>: a muted gradient, stripes or blotches, and pixel noise.</summary>
internal static class Background
{
    public static void Draw(SKCanvas canvas, SKBitmap bitmap, int width, int height, Random rng)
    {
        var a = Muted(rng);
        var b = Muted(rng);
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, (float)(rng.NextDouble() * height)),
            [a, b], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = shader })
            canvas.DrawRect(0, 0, width, height, paint);

        using var texture = new SKPaint { IsAntialias = true };
        int kind = rng.Next(3);
        int count = 4 + rng.Next(8);
        for (int i = 0; i < count; i++)
        {
            texture.Color = Muted(rng).WithAlpha((byte)(40 + rng.Next(60)));
            if (kind == 0)
            {
                texture.StrokeWidth = 1 + rng.Next(4);
                texture.Style = SKPaintStyle.Stroke;
                canvas.DrawLine((float)(rng.NextDouble() * width), 0, (float)(rng.NextDouble() * width), height, texture);
            }
            else if (kind == 1)
            {
                texture.Style = SKPaintStyle.Fill;
                canvas.DrawOval((float)(rng.NextDouble() * width), (float)(rng.NextDouble() * height),
                    (float)(4 + rng.NextDouble() * width / 4), (float)(4 + rng.NextDouble() * height / 4), texture);
            }
            else
            {
                texture.Style = SKPaintStyle.Stroke;
                texture.StrokeWidth = 1;
                float y = (float)(rng.NextDouble() * height);
                canvas.DrawLine(0, y, width, y + (float)((rng.NextDouble() - 0.5) * height / 2), texture);
            }
        }
        canvas.Flush();
        AddNoise(bitmap, rng, amplitude: 6 + rng.Next(10));
    }

    static SKColor Muted(Random rng) =>
        SKColor.FromHsv((float)(rng.NextDouble() * 360), (float)(rng.NextDouble() * 25), 30 + (float)(rng.NextDouble() * 50));

    static void AddNoise(SKBitmap bitmap, Random rng, int amplitude)
    {
        var pixels = bitmap.GetPixelSpan().ToArray();
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int n = rng.Next(-amplitude, amplitude + 1);
            for (int c = 0; c < 3; c++) pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + n, 0, 255);
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
    }
}
