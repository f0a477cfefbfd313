using System.Globalization;
using System.Numerics;

namespace Detect.Config;

/// <summary>
/// Python's float formatting, exactly, so reports print what MMCV and MMDetection print: <c>round(x, n)</c> (round half to even
/// on the exact binary value), <c>str(x)</c> (shortest round-trip digits, <c>5.0</c>, <c>1e-05</c>) and
/// <c>f'{x:.nf}'</c>.
/// </summary>
public static class PythonFloat
{
    /// <summary>Python's <c>round(x, ndigits)</c>: the double nearest to x rounded half-even at <paramref name="ndigits"/> decimals.</summary>
    public static double Round(double x, int ndigits)
    {
        if (!double.IsFinite(x)) return x;
        var q = ScaledInteger(x, ndigits);
        return double.Parse($"{q}E-{ndigits}", CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>f'{x:.{ndigits}f}'</c>.</summary>
    public static string Fixed(double x, int ndigits)
    {
        if (!double.IsFinite(x)) return double.IsNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        var q = ScaledInteger(x, ndigits);
        var sign = q.Sign < 0 || (q.IsZero && double.IsNegative(x)) ? "-" : "";
        var digits = BigInteger.Abs(q).ToString(CultureInfo.InvariantCulture).PadLeft(ndigits + 1, '0');
        return ndigits == 0 ? sign + digits : $"{sign}{digits[..^ndigits]}.{digits[^ndigits..]}";
    }

    /// <summary>Python's <c>str(x)</c> (= <c>repr</c>): shortest round-trip digits, fixed notation for exponents −4 to 15.</summary>
    public static string Str(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";
        var (digits, exponent) = ShortestDigits(Math.Abs(x));   // value = 0.d1d2... × 10^exponent
        var sign = x < 0 ? "-" : "";
        int pointAt = exponent;                                 // digits before the decimal point
        if (pointAt - 1 < -4 || pointAt - 1 >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            int e = pointAt - 1;
            return $"{sign}{mantissa}e{(e < 0 ? '-' : '+')}{Math.Abs(e):00}";
        }
        if (pointAt <= 0) return $"{sign}0.{new string('0', -pointAt)}{digits}";
        if (pointAt >= digits.Length) return $"{sign}{digits}{new string('0', pointAt - digits.Length)}.0";
        return $"{sign}{digits[..pointAt]}.{digits[pointAt..]}";
    }

    // round-half-even(x · 10^n) computed exactly from x = m · 2^e.
    static BigInteger ScaledInteger(double x, int n)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = rawExponent == 0 ? fraction : fraction | (1L << 52);
        int e = rawExponent == 0 ? -1074 : rawExponent - 1075;
        BigInteger numerator = mantissa * BigInteger.Pow(10, n);
        BigInteger q;
        if (e >= 0) q = numerator << e;
        else
        {
            var denominator = BigInteger.One << -e;
            q = BigInteger.DivRem(numerator, denominator, out var r);
            var twice = r << 1;
            if (twice > denominator || (twice == denominator && !q.IsEven)) q += 1;
        }
        return negative ? -q : q;
    }

    // .NET's "R" gives the shortest round-trip digits; re-read them as (digits, decimal exponent).
    static (string Digits, int Exponent) ShortestDigits(double x)
    {
        var text = x.ToString("R", CultureInfo.InvariantCulture);
        int e = 0;
        int ePos = text.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            e = int.Parse(text[(ePos + 1)..], CultureInfo.InvariantCulture);
            text = text[..ePos];
        }
        int point = text.IndexOf('.');
        var intPart = point < 0 ? text : text[..point];
        var fracPart = point < 0 ? "" : text[(point + 1)..];
        var all = intPart + fracPart;
        int exponent = intPart.Length + e;
        int lead = all.TakeWhile(c => c == '0').Count();
        all = all[lead..].TrimEnd('0');
        return (all, exponent - lead);
    }
}
