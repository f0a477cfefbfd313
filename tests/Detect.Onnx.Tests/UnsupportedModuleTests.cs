using Detect.Models.Backbones;
using Detect.Models.Detectors;
using Detect.Models.Tests.Detectors;
using Detect.Onnx.Export;

namespace Detect.Onnx.Tests;

/// <summary>A module with no ONNX form is an error that names its path and type.</summary>
public sealed class UnsupportedModuleTests
{
    public UnsupportedModuleTests() => Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);

    [Fact]
    public void CascadeRoIHead_IsNamed()
    {
        using var detector = new CascadeRCNN(new ResNet(18, baseChannels: 8), new Models.Necks.Fpn([8, 16, 32, 64], 16, 5),
            new Models.DenseHeads.RPNHead(16, new Models.TaskModules.PriorGenerators.AnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [1.0], scales: [8]), featChannels: 16,
                testCfg: new Models.DenseHeads.DenseTestConfig(nmsPre: 100, nms: new Models.PostProcessing.NmsConfig(0.7), maxPerImg: 100)),
            new Models.RoIHeads.CascadeRoIHead(2, [1.0, 0.5], new Models.RoIHeads.SingleRoIExtractor(new Models.Layers.RoIAlignLayer(7), 16, [4, 8, 16, 32]),
                [new Models.RoIHeads.Shared2FCBBoxHead(3, inChannels: 16, fcOutChannels: 32), new Models.RoIHeads.Shared2FCBBoxHead(3, inChannels: 16, fcOutChannels: 32)],
                testCfg: new Models.RoIHeads.RcnnTestConfig()));
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(detector, new OnnxExportOptions(64, 64)));
        Assert.StartsWith("roi_head (Detect.Models.RoIHeads.CascadeRoIHead) has no ONNX form", e.Message);
    }

    [Fact]
    public void TwoStageDetector_WithSeveralImagesPerBatch_IsRefused()
    {
        using var detector = SmallDetectors.Build("faster_rcnn");
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(detector, new OnnxExportOptions(64, 64, BatchSize: 2)));
        Assert.Contains("FasterRCNN is exported with its post-processing (the RPN's proposals need NMS), which takes one image per batch", e.Message);
    }

    [Fact]
    public void LayerDeepInTheTree_IsNamedWithItsPath()
    {
        // avg_down puts an AvgPool2d on every downsampling shortcut: no ONNX form written for it.
        using var detector = new RetinaNet(new ResNet(18, baseChannels: 8, avgDown: true),
            new Models.Necks.Fpn([8, 16, 32, 64], 16, 5, startLevel: 1, addExtraConvs: Models.Necks.ExtraConvs.OnInput),
            new Models.DenseHeads.RetinaHead(3, 16, new Models.TaskModules.PriorGenerators.AnchorGenerator(strides: [8, 16, 32, 64, 128],
                ratios: [1.0], scales: [4]), featChannels: 16, stackedConvs: 1, testCfg: new Models.DenseHeads.DenseTestConfig()));
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(detector, new OnnxExportOptions(64, 64)));
        Assert.StartsWith("backbone.layer2.0.downsample.0 (TorchSharp.Modules.AvgPool2d) has no ONNX form", e.Message);
    }
}
