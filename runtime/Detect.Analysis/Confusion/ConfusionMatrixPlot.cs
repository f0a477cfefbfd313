using ScottPlot;

namespace Detect.Analysis.Confusion;

/// <summary>
/// The picture MMDetection's <c>plot_confusion_matrix</c> draws: the row-normalized matrix as a heatmap (plasma colours,
/// 0–100 %), each cell labelled with its whole percent (white, black on the brightest cells), ground truth down the side, predictions along the top.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>The figure; a row without ground truth or detections shows "-" (MMDetection fails on it).</summary>
    public static Plot Draw(ConfusionMatrix matrix, string title = "Normalized Confusion Matrix")
    {
        var percent = matrix.Normalized();
        int n = matrix.Labels.Count;
        var values = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) values[i, j] = percent[i, j];

        var plot = Plots.Figures.Create();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Plasma();
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        // Cell (i, j) centred on (x = j, y = n − 1 − i): row 0 at the top, as imshow draws it (the extent names the
        // centres of the corner cells).
        heatmap.CellAlignment = Alignment.MiddleCenter;
        heatmap.Extent = new CoordinateRect(0, n - 1, 0, n - 1);
        plot.Add.ColorBar(heatmap);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                var text = plot.Add.Text(float.IsNaN(percent[i, j]) ? "-" : $"{(int)percent[i, j]}%", j, n - 1 - i);
                text.LabelFontColor = percent[i, j] > 70 ? Colors.Black : Colors.White;   // readable on plasma's yellow
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 14;
            }
        }
        double[] positions = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, [.. matrix.Labels]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. positions.Select(p => n - 1 - p)], [.. matrix.Labels]);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.XLabel("Prediction Label");
        plot.YLabel("Ground Truth Label");
        plot.Title(title);
        return plot;
    }
}
