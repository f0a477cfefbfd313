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
/// torchvision's Faster R-CNN and Mask R-CNN structures themselves (narrow widths: the model tests' <c>*_narrow</c> fixtures,
/// torchvision weights converted, on their photo resized to 800×1066) exported with their post-processing and run in ONNX
/// Runtime: the detections matched to TorchSharp's both ways (same label, IoU ≥ 0.999, score within 1e-4), the masks
/// pasted from the graph's probabilities equal to TorchSharp's but for pixels at the threshold.
/// </summary>
/// <remarks>
/// The fixture's random RPN scores many anchors with a saturated objectness (a sigmoid of exactly 1), so proposals tie
/// and NMS takes tied boxes in candidate order: the graph has to give the same scores, bit for bit, in the same order.
/// </remarks>
public sealed class TorchvisionFixtureParityTests(ITestOutputHelper output)
{
    static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Golden", "detectors", file);

    [Theory]
    [InlineData("fasterrcnn_resnet50_fpn")]
    [InlineData("maskrcnn_resnet50_fpn")]
    public void NarrowTwoStage_PostProcessedGraphMatchesTorchSharp(string arch)
    {
        Detect.Platform.TorchRuntime.EnsureInitialized(Detect.Platform.TorchUse.Inference);
        using var model = (TwoStageDetector)(arch == "fasterrcnn_resnet50_fpn"
            ? TorchvisionVariants.FasterRcnn(90, baseChannels: 4, fpnChannels: 32, representationSize: 64)
            : TorchvisionVariants.MaskRcnn(90, baseChannels: 4, fpnChannels: 32, representationSize: 64, maskChannels: 32)).BuildModel();
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
            if (reference.Masks is not null)
            {
                using (var backend = new OnnxRuntimeDetectionForward(path, intraOpThreads: 1))
                {
                    model.DetectionBackend = null;
                    double diff = MaskRcnnParityTests.ProbabilityDifferences(model, backend, batch)[0];
                    output.WriteLine($"mask probabilities (28×28): max |ORT − TorchSharp| = {diff:E2}");
                }
                // Pasted into the 150×200 photo: the same pixels but for probabilities at the 0.5 threshold.
                var (differing, foreground) = MaskRcnnParityTests.MaskDifference(reference, onnx);
                output.WriteLine($"masks {string.Join("×", onnx.Masks!.shape)}: {differing} of {foreground} foreground pixels differ");
                Assert.True(foreground > 0 && differing <= foreground / 1000, $"{differing} of {foreground} mask pixels differ");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
