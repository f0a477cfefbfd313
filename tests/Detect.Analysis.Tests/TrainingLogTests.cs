using Detect.Analysis.Logs;
using Detect.Analysis.Plots;

namespace Detect.Analysis.Tests;

/// <summary>analyze_logs.py's cal_train_time and plot_curve values on the golden scalars.json.</summary>
public sealed class TrainingLogTests
{
    static TrainingLog Log() => TrainingLog.Load(GoldenCase.File("scalars.json"));

    static string[] Lines(string key) => [.. GoldenCase.Expected.GetProperty("logs").GetProperty(key).EnumerateArray().Select(l => l.GetString()!)];

    [Theory]
    [InlineData(false, "cal_train_time")]
    [InlineData(true, "cal_train_time_outliers")]
    public void TrainTimeLinesAreMmdetections(bool includeOutliers, string key)
    {
        var lines = TrainTime.Compute(Log(), includeOutliers).Lines();
        Assert.Equal(Lines(key).Skip(1), lines.Skip(1));
        Assert.Equal($"-----Analyze train time of {GoldenCase.File("scalars.json")}-----", lines[0]);
    }

    [Theory]
    [InlineData("loss_cls", false)]
    [InlineData("bbox_mAP", true)]
    [InlineData("coco/bbox_mAP", true)]
    public void CurvesHaveMmdetectionsPoints(string key, bool byEpoch)
    {
        var curve = LogCurve.Extract(Log(), key, key);
        var expected = GoldenCase.Expected.GetProperty("logs").GetProperty(key.Split('/')[^1]);
        Assert.Equal(GoldenCase.Doubles(expected[0]), curve.Xs);
        Assert.Equal(GoldenCase.Doubles(expected[1]), curve.Ys);
        Assert.Equal(byEpoch, curve.ByEpoch);
    }

    [Fact]
    public void MissingKeysAndEmptyLogsSayWhat()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp["empty.json"], "");
        File.WriteAllText(tmp["val_only.json"], "{\"coco/bbox_mAP\": 0.5, \"step\": 1}\n");
        File.WriteAllText(tmp["broken.json"], "{\"loss\": 1, \"step\": 1}\nnot json\n");
        var e = Assert.Throws<AnalysisException>(() => LogCurve.Extract(Log(), "loss_rpn", "x"));
        Assert.Contains("does not contain metric loss_rpn", e.Message);
        Assert.Contains("no training iteration times", Assert.Throws<AnalysisException>(() => TrainTime.Compute(TrainingLog.Load(tmp["empty.json"]))).Message);
        Assert.Contains("no training iteration times", Assert.Throws<AnalysisException>(() => TrainTime.Compute(TrainingLog.Load(tmp["val_only.json"]))).Message);
        Assert.Contains("line 2", Assert.Throws<AnalysisException>(() => TrainingLog.Load(tmp["broken.json"])).Message);
    }

    [Fact]
    public void FiguresAreWrittenAsPngOrSvgByExtension()
    {
        using var tmp = new TempFolder();
        var log = Log();
        var plot = LogCurvePlot.Draw([LogCurve.Extract(log, "loss_cls", "a"), LogCurve.Extract(log, "loss_bbox", "b")], "losses");
        PlotFiles.Save(plot, tmp["c.png"], 640, 400);
        PlotFiles.Save(plot, tmp["c.svg"], 640, 400);
        using (var png = SkiaSharp.SKBitmap.Decode(tmp["c.png"])) Assert.Equal((640, 400), (png.Width, png.Height));
        Assert.Contains("<svg", File.ReadAllText(tmp["c.svg"]));
        Assert.Throws<AnalysisException>(() => PlotFiles.Save(plot, tmp["c.pdf"]));
    }

    [Fact]
    public void FigureTextIsDrawn()
    {
        // SkiaSharp's self-contained build finds no system font; Figures must bring one, or titles come out blank.
        using var tmp = new TempFolder();
        var plot = Figures.Create();
        plot.Title("Loss");
        PlotFiles.Save(plot, tmp["title.png"], 200, 100);
        using var png = SkiaSharp.SKBitmap.Decode(tmp["title.png"]);
        int dark = 0;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 200; x++) if (png.GetPixel(x, y).Red < 100) dark++;
        Assert.True(dark > 20, $"{dark} dark pixels in the title band");
    }
}
