namespace Detect.Transforms.Corruptions;

/// <summary>scikit-image's <c>rgb2hsv</c> and <c>hsv2rgb</c> for one pixel of values in [0, 1] (the brightness corruption's colour space).</summary>
internal static class SkimageHsv
{
    /// <summary><c>rgb2hsv</c>: V = max, S = (max − min)/max, H from whichever channel is the max (blue wins ties, then green).</summary>
    public static (double H, double S, double V) FromRgb(double r, double g, double b)
    {
        double v = Math.Max(Math.Max(r, g), b);
        double delta = v - Math.Min(Math.Min(r, g), b);
        double s = delta == 0 ? 0 : delta / v;
        double h = 0;
        if (r == v) h = (g - b) / delta;
        if (g == v) h = 2.0 + (b - r) / delta;
        if (b == v) h = 4.0 + (r - g) / delta;
        h = PythonMod1(h / 6.0);
        if (delta == 0) h = 0;
        return (double.IsNaN(h) ? 0 : h, double.IsNaN(s) ? 0 : s, v);
    }

    /// <summary><c>hsv2rgb</c>: the sector floor(6H) mod 6 picks (v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v) or (v, p, q).</summary>
    public static (double R, double G, double B) ToRgb(double h, double s, double v)
    {
        double hi = Math.Floor(h * 6);
        double f = h * 6 - hi;
        double p = v * (1 - s), q = v * (1 - f * s), t = v * (1 - (1 - f) * s);
        return ((int)(byte)hi % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    // Python's x % 1.0: the result takes the divisor's sign.
    static double PythonMod1(double x)
    {
        double m = x % 1.0;
        if (m != 0 && m < 0) m += 1.0;
        return m == 0 ? 0.0 : m;
    }
}
