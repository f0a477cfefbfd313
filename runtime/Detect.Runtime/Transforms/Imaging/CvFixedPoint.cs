namespace Detect.Transforms.Imaging;

/// <summary>
/// The arithmetic OpenCV's 8-bit resize kernels share: the scale as cv::resize computes it, its
/// "exactly an integer" test, and interpolation weights rounded to 11-bit fixed point.
/// </summary>
internal static class CvFixedPoint
{
    /// <summary>INTER_RESIZE_COEF_BITS: weights are integers out of 2^11.</summary>
    public const int CoefBits = 11;

    const float CoefScale = 1 << CoefBits;

    /// <summary>C's DBL_EPSILON (not .NET's double.Epsilon).</summary>
    const double DblEpsilon = 2.220446049250313e-16;

    /// <summary>Source pixels per destination pixel: <c>1 / (dst / src)</c>, in double as cv::resize.</summary>
    public static double Scale(int src, int dst) => 1.0 / ((double)dst / src);

    /// <summary>
    /// Whether <paramref name="scale"/> is an integer to within DBL_EPSILON (cv::resize's <c>is_area_fast</c>
    /// test), and which (<c>saturate_cast&lt;int&gt;</c> rounds half to even).
    /// </summary>
    public static bool IsInteger(double scale, out int integer)
    {
        integer = (int)Math.Round(scale, MidpointRounding.ToEven);
        return Math.Abs(scale - integer) < DblEpsilon;
    }

    /// <summary>A weight as <c>saturate_cast&lt;short&gt;(w · 2^11)</c>: cvRound, half to even.</summary>
    public static short Weight(float w) => (short)Math.Clamp(RoundEven(w * CoefScale), short.MinValue, short.MaxValue);

    /// <summary>cvRound of a float (the SSE conversion: to nearest, ties to even).</summary>
    public static int RoundEven(float v) => (int)MathF.Round(v, MidpointRounding.ToEven);

    /// <summary><c>saturate_cast&lt;uchar&gt;(float)</c>: cvRound, then clamped to 0..255.</summary>
    public static byte SaturateByte(float v) => (byte)Math.Clamp(RoundEven(v), 0, 255);

    /// <summary>OpenCV's FixedPtCast for two 11-bit passes: <c>(v + 2^21) &gt;&gt; 22</c>, clamped to 0..255.</summary>
    public static byte CastTwoPasses(int v) => (byte)Math.Clamp((v + (1 << (2 * CoefBits - 1))) >> (2 * CoefBits), 0, 255);
}
