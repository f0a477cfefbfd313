using System.Text.Json;

namespace Detect.Cli.Tests;

/// <summary>Smoke tests of <c>detect eval</c> and <c>detect convert-dataset</c> through the command line.</summary>
public sealed class DatasetCommandTests
{
    [Fact]
    public void EvalPrintsPycocotoolsSummaryAndWritesItsStats()
    {
        using var tmp = new TempFolder();
        var run = Cli.Run("eval", "--ann", Cli.Fixture("coco", "boxes_gt.json"), "--results", Cli.Fixture("coco", "boxes_dt.json"),
            "--metric", "bbox", "--out", tmp["stats.json"]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ", run.Out);

        double[] stats = [.. JsonDocument.Parse(File.ReadAllText(tmp["stats.json"])).RootElement.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble())];
        var expected = JsonDocument.Parse(File.ReadAllText(Cli.Fixture("coco", "coco_eval_expected.json"))).RootElement
            .GetProperty("boxes").GetProperty("bbox").GetProperty("stats").EnumerateArray().Select(v => v.GetDouble());
        Assert.Equal(expected, stats);
    }

    [Fact]
    public void ConvertDatasetTurnsACsvIntoCoco()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp["boxes.csv"], "image,x1,y1,x2,y2,class\nraccoon_150x200.png,10,20,50,60,raccoon\nraccoon_150x200.png,0,0,200,150,scene\n");
        var run = Cli.Run("convert-dataset", "--from", "csv", "--input", tmp["boxes.csv"], "--images", Cli.Fixture("detectors"), "--out", tmp["ann.json"]);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("1 images, 2 boxes", run.Out);

        var coco = JsonDocument.Parse(File.ReadAllText(tmp["ann.json"])).RootElement;
        var image = coco.GetProperty("images")[0];
        Assert.Equal((200, 150), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
        Assert.Equal([10.0, 20, 40, 40], coco.GetProperty("annotations")[0].GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["raccoon", "scene"], coco.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var bad = Cli.Run("convert-dataset", "--from", "csv", "--input", tmp["missing.csv"], "--out", tmp["x.json"]);
        Assert.Equal(1, bad.Exit);
    }
}
