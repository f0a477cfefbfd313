using ScottPlot;

namespace Detect.Analysis.Logs;

/// <summary>Draws <see cref="LogCurve"/>s in one figure, as <c>plot_curve</c> does: thin lines per iteration, dotted markers per epoch.</summary>
public static class LogCurvePlot
{
    /// <summary>A figure with every curve, a legend and an optional title.</summary>
    public static Plot Draw(IReadOnlyList<LogCurve> curves, string? title = null)
    {
        var plot = Plots.Figures.Create();
        foreach (var curve in curves)
        {
            var line = plot.Add.Scatter(curve.Xs, curve.Ys);
            line.LegendText = curve.Label;
            line.LineWidth = curve.ByEpoch ? 1.5f : 1f;
            line.MarkerSize = curve.ByEpoch ? 7 : 0;
        }
        // matplotlib keeps the last xlabel set; a figure mixing both kinds says so instead.
        plot.XLabel(string.Join(" / ", curves.Select(c => c.ByEpoch ? "epoch" : "iter").Distinct()));
        plot.ShowLegend();
        if (title is not null) plot.Title(title);
        return plot;
    }
}
