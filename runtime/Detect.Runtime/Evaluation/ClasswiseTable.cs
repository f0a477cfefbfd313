using System.Globalization;

namespace Detect.Evaluation;

/// <summary>MMDetection's classwise AP table (an AsciiTable of category, mAP, mAP_50, ... rounded to 3 decimals).</summary>
public static class ClasswiseTable
{
    private static readonly string[] Headers = ["category", "mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l"];

    /// <summary>The table as MMDetection logs it (Python's <c>round(ap, 3)</c> printed shortest, "nan" for no ground truth).</summary>
    public static string Format(IReadOnlyList<ClasswiseAp> rows)
    {
        var cells = new List<string[]> { Headers };
        cells.AddRange(rows.Select(r => new[] { r.Name, Round3(r.MAP), Round3(r.MAP50), Round3(r.MAP75), Round3(r.MAPSmall), Round3(r.MAPMedium), Round3(r.MAPLarge) }));
        return AsciiTable.Format(cells);
    }

    /// <summary>Python's <c>f'{round(x, 3)}'</c>: correctly rounded to 3 decimals, then the shortest repr ("0.35", "1.0", "nan").</summary>
    public static string Round3(double value)
    {
        if (double.IsNaN(value)) return "nan";
        double rounded = double.Parse(value.ToString("F3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        string s = rounded.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }
}
