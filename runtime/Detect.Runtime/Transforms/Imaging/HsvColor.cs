namespace Detect.Transforms.Imaging;

/// <summary>
/// OpenCV's float BGR↔HSV conversions (<c>cv2.COLOR_BGR2HSV</c> / <c>COLOR_HSV2BGR</c> on float32):
/// H in degrees [0, 360), S in [0, 1], V on the input's scale.
/// </summary>
public static class HsvColor
{
    const float FltEpsilon = 1.1920929e-07f;

    /// <summary>(b, g, r) → (h, s, v), as OpenCV's RGB2HSV_f.</summary>
    public static (float H, float S, float V) FromBgr(float b, float g, float r)
    {
        float v = r, vmin = r;
        if (v < g) v = g;
        if (v < b) v = b;
        if (vmin > g) vmin = g;
        if (vmin > b) vmin = b;
        float diff = v - vmin;
        float s = diff / (MathF.Abs(v) + FltEpsilon);
        diff = (float)(60.0 / (diff + FltEpsilon));
        float h = v == r ? (g - b) * diff : v == g ? (b - r) * diff + 120f : (r - g) * diff + 240f;
        if (h < 0) h += 360f;
        return (h, s, v);
    }

    /// <summary>(h, s, v) → (b, g, r), as OpenCV's HSV2RGB_f.</summary>
    public static (float B, float G, float R) ToBgr(float h, float s, float v)
    {
        if (s == 0) return (v, v, v);
        h *= 6f / 360f;
        h %= 6f;
        if (h < 0) h += 6f;
        int sector = (int)MathF.Floor(h);
        h -= sector;
        if ((uint)sector >= 6u) { sector = 0; h = 0f; }
        float t0 = v, t1 = v * (1f - s), t2 = v * (1f - s * h), t3 = v * (1f - s * (1f - h));
        return sector switch
        {
            0 => (t1, t3, t0),
            1 => (t1, t0, t2),
            2 => (t3, t0, t1),
            3 => (t0, t2, t1),
            4 => (t0, t1, t3),
            _ => (t2, t1, t0),
        };
    }
}
