using System.Globalization;
using System.Numerics;

namespace Detect.Config;

/// <summary>
/// Python's float formatting, exactly, so reports print what MMCV and MMDetection print: <c>round(x, n)</c> (round half to even
/// on the exact binary value), <c>str(x)</c> (shortest round-trip digits, <c>5.0</c>, <c>1e-05</c>),
/// <c>f'{x:.nf}'</c> and <c>'%g' % x</c>.
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

    /// <summary>Python's <c>'%.{precision}g' % x</c> (C's %g): <paramref name="precision"/> significant digits, trailing zeros dropped, scientific notation below 1e-4 or from 10^precision.</summary>
    public static string General(double x, int precision = 6)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        var sign = double.IsNegative(x) ? "-" : "";
        if (x == 0) return sign + "0";
        int p = Math.Max(precision, 1);
        double magnitude = Math.Abs(x);
        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        var q = ScaledInteger(magnitude, p - 1 - exponent);
        if (q >= BigInteger.Pow(10, p)) q = ScaledInteger(magnitude, p - 1 - ++exponent);
        else if (q < BigInteger.Pow(10, p - 1)) q = ScaledInteger(magnitude, p - 1 - --exponent);
        var digits = q.ToString(CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= p)
        {
            var mantissa = (digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}").TrimEnd('0').TrimEnd('.');
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        int decimals = p - 1 - exponent;
        if (decimals == 0) return sign + digits;
        digits = digits.PadLeft(decimals + 1, '0');
        return (sign + digits[..^decimals] + "." + digits[^decimals..]).TrimEnd('0').TrimEnd('.');
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

    // round-half-even(x · 10^n) computed exactly from x = m · 2^e (n may be negative).
    static BigInteger ScaledInteger(double x, int n)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = rawExponent == 0 ? fraction : fraction | (1L << 52);
        int e = rawExponent == 0 ? -1074 : rawExponent - 1075;
        BigInteger numerator = mantissa * (n >= 0 ? BigInteger.Pow(10, n) : BigInteger.One);
        BigInteger denominator = n < 0 ? BigInteger.Pow(10, -n) : BigInteger.One;
        if (e >= 0) numerator <<= e;
        else denominator <<= -e;
        var q = BigInteger.DivRem(numerator, denominator, out var r);
        var twice = r << 1;
        if (twice > denominator || (twice == denominator && !q.IsEven)) q += 1;
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
