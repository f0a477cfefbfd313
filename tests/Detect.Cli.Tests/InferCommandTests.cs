using System.Text.Json;
using Detect.Cli.Commands;
using Detect.Models.Converters;
using Detect.Models.Tests.Detectors;
using Detect.Visualization;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect convert</c> + <c>detect infer</c> end to end on the narrow torchvision fixtures (the full-size models are
/// measured the same way; see tests/golden/models/README.md): the predictions written must reproduce torchvision's.
/// </summary>
public sealed class InferCommandTests
{
    const string Image = "raccoon_150x200";

    static JsonElement Golden(string arch) => JsonDocument.Parse(File.ReadAllText(Cli.Fixture("detectors", arch + "_narrow.golden.json"))).RootElement;

    static string Convert(TempFolder tmp, string arch)
    {
        string weights = tmp[arch + ".pth"];
        var convert = Cli.Run("convert", "--from", "torchvision", "--arch", arch, "--in", Cli.Fixture("detectors", arch + "_narrow.pth"), "--out", weights);
        Assert.True(convert.Exit == 0, convert.Err);
        Assert.Contains($"checked against {arch}: all ", convert.Out);
        return weights;
    }

    static List<DetectionMatching.Detection> Read(JsonElement json, long labelShift) =>
    [
        .. json.GetProperty("labels").EnumerateArray().Select((l, i) => new DetectionMatching.Detection(
            l.GetInt64() + labelShift, json.GetProperty("scores")[i].GetSingle(),
            json.GetProperty("bboxes")[i].EnumerateArray().Select(v => v.GetSingle()).ToArray())),
    ];

    [Theory]
    [InlineData("fasterrcnn_resnet50_fpn", "NarrowTorchvisionFasterRcnn")]
    [InlineData("retinanet_resnet50_fpn", "NarrowTorchvisionRetinaNet")]
    [InlineData("ssd300_vgg16", "NarrowTorchvisionSsd300")]
    public void ConvertThenInferReproducesTorchvision(string arch, string config)
    {
        using var tmp = new TempFolder();
        string weights = Convert(tmp, arch);
        var infer = Cli.Run("infer", "--config", config, "--assembly", Cli.TestAssembly, "--weights", weights, "--device", "cpu", "--out-dir", tmp["out"],
            Cli.Fixture("detectors", Image + ".png"));
        Assert.True(infer.Exit == 0, infer.Err);

        var preds = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp["out"], "preds", Image + ".json"))).RootElement;
        var result = DetectionMatching.Match(Read(Golden(arch), labelShift: -1), Read(preds, labelShift: 0));
        Assert.True(result.Reference >= 90 && result.Fraction >= 0.98 && result.Extra <= 2, result.ToString());

        using var vis = ImageFiles.ReadBgr(Path.Combine(tmp["out"], "vis", Image + ".jpg"));
        Assert.Equal(new long[] { 3, 150, 200 }, vis.shape);
    }

    [Fact]
    public void InferWritesMasksAsRleAndReadsFolders()
    {
        using var tmp = new TempFolder();
        string weights = Convert(tmp, "maskrcnn_resnet50_fpn");
        Directory.CreateDirectory(tmp["images"]);
        File.Copy(Cli.Fixture("detectors", Image + ".png"), Path.Combine(tmp["images"], Image + ".png"));
        File.WriteAllText(Path.Combine(tmp["images"], "notes.txt"), "not an image");
        var infer = Cli.Run("infer", "--config", "NarrowTorchvisionMaskRcnn", "--assembly", Cli.TestAssembly, "--weights", weights, "--score-thr", "0.05", "--out-dir", tmp["out"], tmp["images"]);
        Assert.True(infer.Exit == 0, infer.Err);
        Assert.Equal([Image + ".json"], Directory.GetFiles(Path.Combine(tmp["out"], "preds")).Select(Path.GetFileName));

        var preds = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp["out"], "preds", Image + ".json"))).RootElement;
        int n = preds.GetProperty("labels").GetArrayLength();
        Assert.Equal(100, n);
        Assert.Equal(n, preds.GetProperty("masks").GetArrayLength());
        var mask = preds.GetProperty("masks")[0];
        Assert.Equal([150, 200], mask.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        Assert.False(string.IsNullOrEmpty(mask.GetProperty("counts").GetString()));
        Assert.Contains("100 predictions, ", infer.Out);
    }

    [Fact]
    public void UserErrorsExitWithAMessage()
    {
        using var tmp = new TempFolder();
        var unknown = Cli.Run("infer", "--config", "NoSuchModel", "--weights", "w.pth", "--out-dir", tmp.Root, "x.png");
        Assert.Equal(2, unknown.Exit); // a config name the command line got wrong, as for `detect train`
        Assert.Contains("no experiment named 'NoSuchModel'", unknown.Err);
        Assert.Contains("RetinaNetR50Fpn1xCoco", unknown.Err);

        string weights = Convert(tmp, "retinanet_resnet50_fpn");
        var missing = Cli.Run("infer", "--config", "NarrowTorchvisionRetinaNet", "--assembly", Cli.TestAssembly, "--weights", weights, "--out-dir", tmp.Root, tmp["nothing.png"]);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no such image file or folder", missing.Err);

        var wrongWeights = Cli.Run("infer", "--config", "NarrowTorchvisionFasterRcnn", "--assembly", Cli.TestAssembly, "--weights", weights, "--out-dir", tmp.Root,
            Cli.Fixture("detectors", Image + ".png"));
        Assert.Equal(1, wrongWeights.Exit);
        Assert.Contains("the model and loaded state dict do not match exactly", wrongWeights.Err);
        Assert.Contains("rpn_head.rpn_conv.weight", wrongWeights.Err);
    }
}
