using System.Diagnostics;
using Detect.Onnx.Export;

namespace Detect.Onnx.Tests;

/// <summary>
/// ONNX's own checker (<c>onnx.checker.check_model(..., full_check=True)</c>, Debian's python3-onnx, which .ci/run installs)
/// accepts the exported files. It fails, not skips, where python3-onnx is missing.
/// </summary>
public sealed class OnnxCheckerTests
{
    [Theory]
    [InlineData("retinanet", false, false)]
    [InlineData("fcos", true, false)]
    [InlineData("retinanet", false, true)]
    [InlineData("fcos", false, true)]
    [InlineData("faster_rcnn", false, false)]
    [InlineData("fcos_tv", false, true)]
    [InlineData("faster_rcnn_tv", false, false)]
    [InlineData("mask_rcnn", false, false)]
    [InlineData("mask_rcnn_tv", false, false)]
    [InlineData("retinanet_tv", true, true)]
    [InlineData("fcos", true, true)]
    [InlineData("faster_rcnn_tv", true, false)]
    [InlineData("mask_rcnn", true, false)]
    [InlineData("cascade_rcnn", false, false)]
    [InlineData("cascade_rcnn_class_specific", false, false)]
    [InlineData("cascade_mask_rcnn", false, false)]
    [InlineData("atss", false, false)]
    [InlineData("atss", true, false)]
    [InlineData("atss", false, true)]
    [InlineData("d2_retinanet", false, false)]
    [InlineData("d2_retinanet", false, true)]
    [InlineData("d2_faster_rcnn", false, false)]
    [InlineData("d2_mask_rcnn", false, false)]
    [InlineData("cascade_mask_rcnn", true, false)]
    [InlineData("v1_retinanet", false, true)]
    [InlineData("v1_retinanet", true, true)]
    [InlineData("v1_faster_rcnn", false, false)]
    [InlineData("v1_faster_rcnn", true, false)]
    [InlineData("v1_retinanet_caffe", false, true)]
    [InlineData("v1_mask_rcnn", false, false)]
    [InlineData("v1_cascade_rcnn", false, false)]
    [InlineData("v1_cascade_mask_rcnn", false, false)]
    [InlineData("ssd300", false, false)]
    [InlineData("ssd300", true, false)]
    [InlineData("ssd300", false, true)]
    [InlineData("ssd300_coco", false, false)]
    [InlineData("v1_ssd300", false, false)]
    [InlineData("ssd300_coco", false, true)]
    [InlineData("v1_ssd300", false, true)]
    public void CheckerAcceptsExportedModel(string name, bool dynamicShape, bool withPostprocess)
    {
        using var detector = ExportedDetectors.Build(name);
        // SSD300's last level is a 3×3 conv without padding on a 3×3 map: it needs its own 300×300 input.
        var (height, width) = name is "ssd300" or "ssd300_coco" or "v1_ssd300" ? (300, 300) : (96, 128);
        var path = ExportedDetectors.Export(detector, new OnnxExportOptions(height, width, DynamicShape: dynamicShape, WithPostprocess: withPostprocess));
        try
        {
            var (code, text) = Python($"import onnx; onnx.checker.check_model(onnx.load('{path}'), full_check=True); print('ok')");
            Assert.True(code == 0, $"onnx.checker rejected the {name} export (or python3-onnx is missing: apt-get install python3-onnx):\n{text}");
            Assert.Contains("ok", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static (int Code, string Text) Python(string script)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
