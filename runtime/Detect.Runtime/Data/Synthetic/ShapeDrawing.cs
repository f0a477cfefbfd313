using SkiaSharp;

namespace Detect.Data;

/// <summary>One drawn shape: its class, outline polygon (pixels) and colour.</summary>
/// <param name="Label">0 circle, 1 square, 2 triangle (<see cref="ShapesDataset.Classes"/>).</param>
/// <param name="Polygon">Outline as x, y pairs.</param>
/// <param name="Color">Fill colour.</param>
internal sealed record ShapeDrawing(int Label, double[] Polygon, SKColor Color)
{
    /// <summary>Bounding box x1, y1, x2, y2.</summary>
    public (double X1, double Y1, double X2, double Y2) Box
    {
        get
        {
            double x1 = double.MaxValue, y1 = double.MaxValue, x2 = double.MinValue, y2 = double.MinValue;
            for (int i = 0; i < Polygon.Length; i += 2)
            {
                x1 = Math.Min(x1, Polygon[i]); x2 = Math.Max(x2, Polygon[i]);
                y1 = Math.Min(y1, Polygon[i + 1]); y2 = Math.Max(y2, Polygon[i + 1]);
            }
            return (x1, y1, x2, y2);
        }
    }

    /// <summary>Polygon area (shoelace), COCO's <c>area</c> of an unoccluded mask.</summary>
    public double Area
    {
        get
        {
            double sum = 0;
            int n = Polygon.Length / 2;
            for (int i = 0; i < n; i++)
            {
                int j = (i + 1) % n;
                sum += Polygon[2 * i] * Polygon[2 * j + 1] - Polygon[2 * j] * Polygon[2 * i + 1];
            }
            return Math.Abs(sum) / 2;
        }
    }

    /// <summary>A shape of class <paramref name="label"/> centred at (cx, cy) with circumscribed diameter <paramref name="size"/>, turned by <paramref name="angle"/> radians.</summary>
    public static double[] Outline(int label, double cx, double cy, double size, double angle)
    {
        double r = size / 2;
        int corners = label switch { 0 => 32, 1 => 4, _ => 3 };
        // A square's corners sit at 45° so that an unturned square is axis-aligned; a triangle points up.
        double start = label switch { 1 => Math.PI / 4, 2 => -Math.PI / 2, _ => 0 } + angle;
        var points = new double[2 * corners];
        for (int i = 0; i < corners; i++)
        {
            double a = start + 2 * Math.PI * i / corners;
            points[2 * i] = Math.Round(cx + r * Math.Cos(a), 2);
            points[2 * i + 1] = Math.Round(cy + r * Math.Sin(a), 2);
        }
        return points;
    }

    /// <summary>Fills the shape on <paramref name="canvas"/>, with a darker rim.</summary>
    public void Draw(SKCanvas canvas)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo((float)Polygon[0], (float)Polygon[1]);
        for (int i = 2; i < Polygon.Length; i += 2) builder.LineTo((float)Polygon[i], (float)Polygon[i + 1]);
        builder.Close();
        using var path = builder.Detach();
        using var fill = new SKPaint { Color = Color, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawPath(path, fill);
        var rim = new SKColor((byte)(Color.Red * 0.6), (byte)(Color.Green * 0.6), (byte)(Color.Blue * 0.6));
        using var stroke = new SKPaint { Color = rim, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawPath(path, stroke);
    }
}
