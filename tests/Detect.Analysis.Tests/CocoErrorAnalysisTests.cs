using Detect.Analysis.ErrorAnalysis;
using Detect.Analysis.Plots;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Tests;

/// <summary>The error breakdown against coco_error_analysis.py run with pycocotools on the golden case.</summary>
public sealed class CocoErrorAnalysisTests
{
    static ErrorBreakdown Run() => CocoErrorAnalysis.Run(CocoAnnotationFile.Load(GoldenCase.GtPath), CocoResultsJson.Load(GoldenCase.ResultsPath));

    [Fact]
    public void PrecisionPointsAreIdentical()
    {
        var breakdown = Run();
        var points = GoldenCase.Expected.GetProperty("error_analysis").GetProperty("precision_points");
        int[] recall = [0, 25, 50, 75, 100];
        foreach (int? k in new int?[] { null, 0, 1, 2, 3 })
        {
            var expected = points.GetProperty(k?.ToString() ?? "all");
            for (int t = 0; t < 7; t++)
            {
                double[] curve = breakdown.Curve(t, k, 0);
                double[] want = GoldenCase.Doubles(expected[t]);
                for (int i = 0; i < recall.Length; i++)
                {
                    // A single category's curve is pycocotools' precision itself; the all-class curve is numpy's mean over 4 categories.
                    if (k is null) Assert.Equal(want[i], curve[recall[i]], 1e-15);
                    else Assert.Equal(want[i], curve[recall[i]]);
                }
            }
        }
    }

    [Fact]
    public void LegendApsMatchEveryTypeCategoryAndArea()
    {
        var breakdown = Run();
        var aps = GoldenCase.Expected.GetProperty("error_analysis").GetProperty("ap");
        foreach (int? k in new int?[] { null, 0, 1, 2, 3 })
            for (int a = 0; a < 4; a++)
            {
                double[] want = GoldenCase.Doubles(aps.GetProperty($"{k?.ToString() ?? "all"}/{a}"));
                for (int t = 0; t < 7; t++) Assert.Equal(want[t], breakdown.Ap(t, k, a), 1e-12);
            }
        // The case is built to show every error kind: each type lifts the all-class curve.
        double[] all = [.. Enumerable.Range(0, 7).Select(t => breakdown.Ap(t, null, 0))];
        Assert.True(all[0] < all[1] && all[1] < all[2] && all[4] < all[5] && all[6] == 1, string.Join(", ", all));
    }

    [Fact]
    public void FiguresAreWrittenForEveryCategoryAndArea()
    {
        using var tmp = new TempFolder();
        var files = ErrorBreakdownPlot.SaveAll(Run(), tmp["bbox"], "bbox");
        Assert.Equal(5 * 4, files.Count);
        Assert.Contains(tmp["bbox/bbox-allclass-allarea.png"], files);
        Assert.Contains(tmp["bbox/bbox-square-small.png"], files);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000));
    }

    [Fact]
    public void NoResultsLeaveOnlyBackgroundAndMisses()
    {
        var breakdown = CocoErrorAnalysis.Run(CocoAnnotationFile.Load(GoldenCase.GtPath), []);
        for (int t = 0; t < 6; t++) Assert.Equal(0, breakdown.Ap(t, null, 0));
        Assert.Equal(1, breakdown.Ap(6, null, 0));
    }
}
