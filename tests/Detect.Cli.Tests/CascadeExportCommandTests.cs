using System.Text.Json;
using Detect.Checkpoints;
using Detect.Config;
using Detect.Models.Tests.Detectors;
using Detect.Models.Zoo;
using TorchSharp;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect export</c> then <c>detect infer --backend onnxruntime</c> on the zoo's Cascade R-CNN and Cascade Mask R-CNN,
/// narrowed by <c>--cfg-options</c> (ResNet-18 at width 8, 16-channel FPN and heads, COCO's 80 classes, score threshold 0)
/// with seeded random weights: the predictions written match TorchSharp's (same label, IoU ≥ 0.999, score within 1e-4),
/// and the cascade's merged masks are written as one RLE per detection.
/// </summary>
public sealed class CascadeExportCommandTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static string[] Narrow(bool masks) =>
    [
        "model.backbone.depth=18", "model.backbone.base_channels=8", "model.backbone.init_cfg=None", "model.neck.in_channels=[8,16,32,64]",
        "model.neck.out_channels=16", "model.rpn_head.in_channels=16", "model.rpn_head.feat_channels=16",
        "model.roi_head.bbox_roi_extractor.out_channels=16", "model.test_cfg.rcnn.score_thr=0.0",
        .. Enumerable.Range(0, 3).SelectMany(i => (string[])[$"model.roi_head.bbox_head.{i}.in_channels=16", $"model.roi_head.bbox_head.{i}.fc_out_channels=32"]),
        .. masks
            ? ["model.roi_head.mask_roi_extractor.out_channels=16",
                .. Enumerable.Range(0, 3).SelectMany(i => (string[])[$"model.roi_head.mask_head.{i}.in_channels=16", $"model.roi_head.mask_head.{i}.conv_out_channels=16"])]
            : Array.Empty<string>(),
    ];

    // Weights drawn from the test's own generator (other test classes run in parallel and draw from torch's global one while
    // a model initializes): every conv and linear weight normal with std 1/√fan_in and zero biases, the box heads' class layer
    // wider (std 0.3) so that the scores spread out — near-uniform scores would leave the last of the 100 kept detections to
    // rounding — and the box regressors narrow (std 0.01), so that three stages of refinement keep boxes well-conditioned.
    static string SaveRandomWeights(TempFolder tmp, IExperiment experiment)
    {
        using var model = experiment.BuildModel();
        var gen = new torch.Generator(3);
        using (torch.no_grad())
            foreach (var (key, value) in model.named_parameters())
            {
                if (value.dim() < 2)
                {
                    if (key.EndsWith("bias", StringComparison.Ordinal)) value.zero_();
                    continue;
                }
                double std = key.Contains("fc_cls", StringComparison.Ordinal) ? 0.3
                    : key.Contains("fc_reg", StringComparison.Ordinal) || key.Contains("rpn_reg", StringComparison.Ordinal) ? 0.01
                    : 1.0 / Math.Sqrt(value.numel() / value.shape[0]);
                using var scale = std.ToScalar();
                value.copy_(torch.randn(value.shape, generator: gen).mul_(scale));
            }
        string path = tmp["cascade.pth"];
        TorchCheckpointWriter.Save(path, new Dictionary<string, object?> { ["state_dict"] = model.state_dict() });
        return path;
    }

    [Theory]
    [InlineData("CascadeRcnnR50Fpn1xCoco", false)]
    [InlineData("CascadeMaskRcnnR50Fpn1xCoco", true)]
    public void ExportThenInferWithOnnxRuntimeMatchesTorchSharp(string config, bool masks)
    {
        using var tmp = new TempFolder();
        var options = Narrow(masks);
        IExperiment experiment = masks ? new CascadeMaskRcnnR50Fpn1xCoco() : new CascadeRcnnR50Fpn1xCoco();
        string weights = SaveRandomWeights(tmp, experiment.WithOptions(options));
        // The 150×200 image resized to 800×1067 by the COCO test pipeline and padded to a multiple of 32.
        var export = Cli.Run(["export", "--config", config, "--weights", weights, "--out", tmp["m.onnx"], "--shape", "800", "1088", "--cfg-options", .. options]);
        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains(masks ? "outputs: dets, labels, masks" : "outputs: dets, labels", export.Out);

        string image = Cli.Fixture("detectors", ExportCommandTests.Image + ".png");
        var torch = Cli.Run(["infer", "--config", config, "--weights", weights, "--out-dir", tmp["torch"], "--no-save-vis", image, "--cfg-options", .. options]);
        var onnx = Cli.Run(["infer", "--config", config, "--backend", "onnxruntime", "--model", tmp["m.onnx"], "--threads", "1", "--out-dir", tmp["onnx"],
            "--no-save-vis", image, "--cfg-options", .. options]);
        Assert.True(torch.Exit == 0 && onnx.Exit == 0, torch.Err + onnx.Err);
        var (reference, ours) = (ExportCommandTests.Read(tmp["torch"]), ExportCommandTests.Read(tmp["onnx"]));
        var result = DetectionMatching.Match(reference, ours);
        output.WriteLine($"{config}: {result}");
        Assert.True(reference.Count == 100 && result.Fraction >= 0.99 && result.MaxScoreDiff <= 1e-4, result.ToString());
        if (!masks) return;
        var (torchMasks, onnxMasks) = (Rles(tmp["torch"]), Rles(tmp["onnx"]));
        Assert.Equal(ours.Count, onnxMasks.Count);
        // Pasted masks as the RLE strings written: those of the graph found among TorchSharp's (detections may tie in order).
        var remaining = torchMasks.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        int same = onnxMasks.Count(m => remaining.TryGetValue(m, out int n) && n > 0 && (remaining[m] = n - 1) >= 0);
        int distinct = torchMasks.Distinct().Count();
        output.WriteLine($"{config}: {same} of {onnxMasks.Count} RLE masks identical to TorchSharp's ({distinct} distinct masks)");
        Assert.True(same >= 0.99 * onnxMasks.Count, $"only {same} of {onnxMasks.Count} masks identical");
        Assert.True(distinct > 10, $"only {distinct} distinct masks: the comparison would say little");
    }

    // The RLE masks written for the image, each as its size and counts.
    static List<string> Rles(string outDir)
    {
        var masks = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "preds", ExportCommandTests.Image + ".json"))).RootElement.GetProperty("masks");
        Assert.All(masks.EnumerateArray(), m => Assert.Equal([150, 200], m.GetProperty("size").EnumerateArray().Select(v => v.GetInt32())));
        return [.. masks.EnumerateArray().Select(m => m.GetRawText())];
    }
}
