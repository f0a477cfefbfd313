using Detect.Models.Backbones;
using Detect.Models.Detectors;
using Detect.Models.Tests.Detectors;
using Detect.Models.RoIHeads;
using Detect.Onnx.Export;
using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>A module with no ONNX form is an error that names its path and type.</summary>
public sealed class UnsupportedModuleTests
{
    public UnsupportedModuleTests() => Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);

    [Fact]
    public void RoIHeadOfAnotherType_IsNamed()
    {
        using var detector = new FasterRCNN(new ResNet(18, baseChannels: 8), new Models.Necks.Fpn([8, 16, 32, 64], 16, 5),
            new Models.DenseHeads.RPNHead(16, new Models.TaskModules.PriorGenerators.AnchorGenerator(strides: [4, 8, 16, 32, 64], ratios: [1.0], scales: [8]), featChannels: 16,
                testCfg: new Models.DenseHeads.DenseTestConfig(nmsPre: 100, nms: new Models.PostProcessing.NmsConfig(0.7), maxPerImg: 100)),
            new UserRoIHead());
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Export(detector, new OnnxExportOptions(64, 64)));
        Assert.StartsWith($"roi_head ({typeof(UserRoIHead).FullName}) has no ONNX form", e.Message);
    }

    // A user's RoI head: Detect has no ONNX form for it.
    sealed class UserRoIHead() : RoIHead(nameof(UserRoIHead))
    {
        public override int NumStages => 1;
        public override bool WithMask => false;
        public override SingleRoIExtractor? MaskRoiExtractor => null;
        public override IReadOnlyDictionary<string, Tensor> Loss(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<DetDataSample> samples) =>
            throw new NotSupportedException();
        public override IReadOnlyList<InstanceData> Predict(Tensor[] x, IReadOnlyList<InstanceData> rpnResults, IReadOnlyList<ImageMeta> metas, bool rescale) =>
            throw new NotSupportedException();
        public override InstanceData PasteMaskProbabilities(InstanceData detections, Tensor probabilities, ImageMeta meta, bool rescale) =>
            throw new NotSupportedException();
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
