using System.Text.Json;
using Detect.Models.Tests.Detectors;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect export</c> then <c>detect infer --backend onnxruntime</c> on the narrow torchvision RetinaNet fixture (raw
/// outputs, and post-processed with <c>--with-postprocess</c>), SSD300 fixture (post-processed: torchvision's per-class
/// <c>nms_pre</c>) and Faster R-CNN fixture (always post-processed): the
/// predictions written match TorchSharp's (same label, IoU ≥ 0.999, score within 1e-4), from fixed-shape graphs and from
/// dynamic-shape graphs traced at another size; settings the exporter cannot write (a post-processed graph of several images,
/// which two-stage detectors always are) are refused with a one-line message.
/// </summary>
public sealed class ExportCommandTests
{
    internal const string Image = "raccoon_150x200";

    [Fact]
    public void ExportThenInferWithOnnxRuntimeMatchesTorchSharp()
    {
        using var tmp = new TempFolder();
        RegisterNarrowConfigs();
        string weights = tmp["retinanet.pth"];
        Assert.Equal(0, Cli.Run("convert", "--from", "torchvision", "--arch", "retinanet_resnet50_fpn",
            "--in", Cli.Fixture("detectors", "retinanet_resnet50_fpn_narrow.pth"), "--out", weights).Exit);
        var export = Cli.Run("export", "--config", "NarrowTorchvisionRetinaNet", "--assembly", Cli.TestAssembly, "--weights", weights, "--out", tmp["m.onnx"], "--dynamic-shape");
        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains("outputs: cls_score_0, cls_score_1, cls_score_2, cls_score_3, cls_score_4, bbox_pred_0", export.Out);

        string image = Cli.Fixture("detectors", Image + ".png");
        var torch = Cli.Run("infer", "--config", "NarrowTorchvisionRetinaNet", "--assembly", Cli.TestAssembly, "--weights", weights, "--out-dir", tmp["torch"], "--no-save-vis", image);
        var onnx = Cli.Run("infer", "--config", "NarrowTorchvisionRetinaNet", "--assembly", Cli.TestAssembly, "--backend", "onnxruntime", "--model", tmp["m.onnx"],
            "--threads", "1", "--out-dir", tmp["onnx"], "--no-save-vis", image);
        Assert.True(torch.Exit == 0 && onnx.Exit == 0, torch.Err + onnx.Err);
        Assert.DoesNotContain("warning", onnx.Err); // no --weights is not a warning with the graph's own weights

        var (reference, ours) = (Read(tmp["torch"]), Read(tmp["onnx"]));
        var result = DetectionMatching.Match(reference, ours);
        Assert.True(reference.Count > 10 && result.Fraction >= 0.99 && result.MaxScoreDiff <= 1e-4, result.ToString());
    }

    [Theory]
    [InlineData("fasterrcnn_resnet50_fpn", "NarrowTorchvisionFasterRcnn", false, false)] // two-stage: always post-processed
    [InlineData("maskrcnn_resnet50_fpn", "NarrowTorchvisionMaskRcnn", false, false)]
    [InlineData("retinanet_resnet50_fpn", "NarrowTorchvisionRetinaNet", true, false)]
    [InlineData("maskrcnn_resnet50_fpn", "NarrowTorchvisionMaskRcnn", false, true)] // traced at 96×128, run at 800×1088
    [InlineData("retinanet_resnet50_fpn", "NarrowTorchvisionRetinaNet", true, true)]
    [InlineData("ssd300_vgg16", "NarrowTorchvisionSsd300", true, false)] // per-class nms_pre; 300×300, the size its transform resizes to
    public void PostProcessedGraph_ExportThenInferWithOnnxRuntimeMatchesTorchSharp(string arch, string config, bool withPostprocess, bool dynamicShape)
    {
        using var tmp = new TempFolder();
        RegisterNarrowConfigs();
        string weights = tmp["w.pth"];
        Assert.Equal(0, Cli.Run("convert", "--from", "torchvision", "--arch", arch, "--in", Cli.Fixture("detectors", arch + "_narrow.pth"), "--out", weights).Exit);
        // The 150×200 image resized to 800×1067 by torchvision's transform and padded to a multiple of 32 (SSD300: to 300×300).
        string[] exportArgs = ["export", "--config", config, "--assembly", Cli.TestAssembly, "--weights", weights, "--out", tmp["m.onnx"],
            .. dynamicShape ? ["--dynamic-shape", "--shape", "96", "128"] : arch == "ssd300_vgg16" ? ["--shape", "300", "300"] : new[] { "--shape", "800", "1088" }];
        var export = Cli.Run(withPostprocess ? [.. exportArgs, "--with-postprocess"] : exportArgs);
        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains("outputs: dets, labels", export.Out);

        string image = Cli.Fixture("detectors", Image + ".png");
        var torch = Cli.Run("infer", "--config", config, "--assembly", Cli.TestAssembly, "--weights", weights, "--out-dir", tmp["torch"], "--no-save-vis", image);
        var onnx = Cli.Run("infer", "--config", config, "--assembly", Cli.TestAssembly, "--backend", "onnxruntime", "--model", tmp["m.onnx"], "--threads", "1", "--out-dir", tmp["onnx"], "--no-save-vis", image);
        Assert.True(torch.Exit == 0 && onnx.Exit == 0, torch.Err + onnx.Err);
        var (reference, ours) = (Read(tmp["torch"]), Read(tmp["onnx"]));
        var result = DetectionMatching.Match(reference, ours);
        Assert.True(reference.Count > 10 && result.Fraction >= 0.99 && result.MaxScoreDiff <= 1e-4, result.ToString());
        if (arch == "maskrcnn_resnet50_fpn")
        {
            // The graph's masks pasted by Detect: one RLE per detection at the original image's size, as TorchSharp's.
            var preds = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp["onnx"], "preds", Image + ".json"))).RootElement;
            Assert.Equal(ours.Count, preds.GetProperty("masks").GetArrayLength());
            Assert.Equal([150, 200], preds.GetProperty("masks")[0].GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
        }
    }

    [Fact]
    public void PostProcessedBatchesAndBadOptionsExitWithAMessage()
    {
        using var tmp = new TempFolder();
        RegisterNarrowConfigs();
        var twoStage = Cli.Run("export", "--config", "NarrowTorchvisionFasterRcnn", "--assembly", Cli.TestAssembly, "--out", tmp["f.onnx"], "--batch-size", "2");
        Assert.Equal(2, twoStage.Exit);
        Assert.Contains("detect export: NarrowTorchvisionFasterRcnn: FasterRCNN is exported with its post-processing (the RPN's proposals need NMS), which takes one image per batch", twoStage.Err);
        Assert.False(File.Exists(tmp["f.onnx"]));
        var batches = Cli.Run("export", "--config", "NarrowTorchvisionRetinaNet", "--assembly", Cli.TestAssembly, "--out", tmp["r.onnx"], "--batch-size", "2", "--with-postprocess");
        Assert.Equal(2, batches.Exit);
        Assert.Contains("--with-postprocess writes graphs for one image per batch; batch size 2 is not supported", batches.Err);
        var noModel = Cli.Run("infer", "--config", "NarrowTorchvisionRetinaNet", "--assembly", Cli.TestAssembly, "--backend", "onnxruntime", "--out-dir", tmp.Root, "x.png");
        Assert.Equal(2, noModel.Exit);
        Assert.Contains("--backend onnxruntime needs --model", noModel.Err);
    }

    // The narrow torchvision configs are registered by InferCommandTests' static constructor.
    static void RegisterNarrowConfigs() => System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(InferCommandTests).TypeHandle);

    internal static List<DetectionMatching.Detection> Read(string outDir)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "preds", Image + ".json"))).RootElement;
        return [.. json.GetProperty("labels").EnumerateArray().Select((l, i) => new DetectionMatching.Detection(
            l.GetInt64(), json.GetProperty("scores")[i].GetSingle(), json.GetProperty("bboxes")[i].EnumerateArray().Select(v => v.GetSingle()).ToArray()))];
    }
}
