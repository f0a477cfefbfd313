using Detect.Checkpoints;
using Detect.Inference;
using Detect.Models.Converters;
using Detect.Models.Detectors;
using Detect.Onnx.Export;
using Detect.Onnx.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Onnx.Tests;

/// <summary>
/// torchvision's Faster R-CNN structure itself (narrow widths: the model tests' <c>fasterrcnn_resnet50_fpn_narrow</c> fixture,
/// torchvision weights converted, on its photo resized to 800×1066) exported with its post-processing and run in ONNX
/// Runtime: its detections matched to TorchSharp's both ways (same label, IoU ≥ 0.999, score within 1e-4).
/// </summary>
/// <remarks>
/// The fixture's random RPN scores many anchors with a saturated objectness (a sigmoid of exactly 1), so proposals tie
/// and NMS takes tied boxes in candidate order: the graph has to give the same scores, bit for bit, in the same order.
/// </remarks>
public sealed class TorchvisionFixtureParityTests(ITestOutputHelper output)
{
    static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Golden", "detectors", file);

    [Fact]
    public void FasterRcnnNarrow_PostProcessedGraphMatchesTorchSharp()
    {
        Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);
        const string arch = "fasterrcnn_resnet50_fpn";
        using var model = TorchvisionDetectors.FasterRcnnResNet50Fpn(90, baseChannels: 4, fpnChannels: 32, representationSize: 64);
        CheckpointLoader.LoadStateDict(model, new TorchvisionConverter().Convert(CheckpointLoader.Read(Fixture(arch + "_narrow.pth")), arch).StateDict, strict: true);
        model.eval();
        using var batch = InferenceInputs.SingleImage(Fixture("raccoon_150x200.png"));
        long[] shape;
        using (no_grad())
        using (var inputs = model.DataPreprocessor.Forward(batch, CPU, training: false).Inputs) shape = inputs.shape;
        var path = ExportedDetectors.Export(model, new OnnxExportOptions((int)shape[2], (int)shape[3], WithPostprocess: true));
        try
        {
            using var reference = model.Predict(batch)[0].PredInstances!;
            model.DetectionBackend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1);
            using var onnx = model.Predict(batch)[0].PredInstances!;
            double match = DetectionAgreement.MatchedFraction(reference, onnx), reverse = DetectionAgreement.MatchedFraction(onnx, reference);
            output.WriteLine($"{arch} narrow, {string.Join("×", shape)}: {reference.Count} TorchSharp detections, {onnx.Count} ONNX Runtime, matched {match:P2} / {reverse:P2}");
            Assert.Equal(100, reference.Count);
            Assert.True(match >= 0.99 && reverse >= 0.99, $"only {match:P2} (reverse {reverse:P2}) of the detections matched");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
