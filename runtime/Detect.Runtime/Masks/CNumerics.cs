namespace Detect.Masks;

/// <summary>
/// C conversions as pycocotools' maskApi.c performs them on x86-64, where C# differs: a double → int
/// cast of NaN or an out-of-range value yields INT_MIN there (cvttsd2si), whereas .NET saturates.
/// </summary>
internal static class CNumerics
{
    /// <summary><c>(int)value</c> as compiled C on x86-64: truncation toward zero, INT_MIN when not representable.</summary>
    public static int TruncateToInt(double value) =>
        value is > -2147483649.0 and < 2147483648.0 ? (int)value : int.MinValue;
}
