using System.Globalization;
using ScottPlot;

namespace Detect.Analysis.ErrorAnalysis;

/// <summary>
/// MMDetection's <c>makeplot</c>: for one category (or all) and one area range, the seven PR curves stacked, the band
/// between each curve and the one before filled (C75 and C50 white, Loc blue, Sim red, Oth green, BG purple, FN
/// orange), each labelled <c>[AP]type</c>; titled and named <c>{iouType}-{category or allclass}-{area}</c>.
/// </summary>
public static class ErrorBreakdownPlot
{
    static readonly Color[] Fills =
    [
        Colors.White, Colors.White, Color.FromARGB(0xFF4F82BD), Color.FromARGB(0xFFBF4F4C), Color.FromARGB(0xFF5CE661),
        Color.FromARGB(0xFF8063A3), Color.FromARGB(0xFFFF9900),
    ];

    /// <summary>The figure of category index <paramref name="k"/> (null: all categories) and area range <paramref name="area"/>.</summary>
    public static Plot Draw(ErrorBreakdown breakdown, int? k, int area, string iouType)
    {
        var plot = Plots.Figures.Create();
        double[] xs = [.. breakdown.RecThrs];
        double[] below = new double[xs.Length];
        for (int t = 0; t < ErrorBreakdown.Types.Count; t++)
        {
            double[] curve = breakdown.Curve(t, k, area);
            var band = plot.Add.FillY(xs, below, curve);
            band.FillColor = Fills[t];
            band.LineWidth = 0;
            band.LegendText = $"[{breakdown.Ap(t, k, area).ToString("F3", CultureInfo.InvariantCulture)}]{ErrorBreakdown.Types[t]}";
            var line = plot.Add.ScatterLine(xs, curve);
            line.Color = Colors.Black;
            line.LineWidth = 0.5f;
            below = curve;
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.Title(Title(breakdown, k, area, iouType));
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    /// <summary><c>{iouType}-{category name or allclass}-{area name}</c>, the figure's title and file name.</summary>
    public static string Title(ErrorBreakdown breakdown, int? k, int area, string iouType) =>
        $"{iouType}-{(k is { } c ? breakdown.CategoryNames[c] : "allclass")}-{ErrorBreakdown.AreaNames[area]}";

    /// <summary>
    /// Writes every figure MMDetection writes into <paramref name="folder"/> (per category, then all classes; four areas
    /// each) and returns the files.
    /// </summary>
    public static IReadOnlyList<string> SaveAll(ErrorBreakdown breakdown, string folder, string iouType)
    {
        var files = new List<string>();
        foreach (int? k in Enumerable.Range(0, breakdown.CatIds.Count).Select(k => (int?)k).Append(null))
        {
            for (int a = 0; a < ErrorBreakdown.AreaNames.Count; a++)
            {
                // A category name may hold characters a file name cannot ('/'); those become '_'.
                string name = string.Concat(Title(breakdown, k, a, iouType).Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
                string path = Path.Combine(folder, name + ".png");
                Plots.PlotFiles.Save(Draw(breakdown, k, a, iouType), path, 800, 600);
                files.Add(path);
            }
        }
        return files;
    }
}
