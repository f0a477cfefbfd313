using Detect.Inference;
using Xunit.Abstractions;

namespace Detect.Models.Tests.Detectors;

/// <summary>
/// End-to-end parity with torchvision 0.14 on narrow models of its five COCO detectors: the fixture's torchvision
/// checkpoint converted to Detect's names, run on a real photo (150×200, which both resize to 800×1066, SSD300 to 300×300),
/// must give torchvision's detections (same label, IoU ≥ 0.999, score within 1e-3).
/// </summary>
public sealed class TorchvisionParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("fasterrcnn_resnet50_fpn")]
    [InlineData("maskrcnn_resnet50_fpn")]
    [InlineData("retinanet_resnet50_fpn")]
    [InlineData("fcos_resnet50_fpn")]
    [InlineData("ssd300_vgg16")]
    public void NarrowDetectorReproducesTorchvision(string arch)
    {
        var fixture = DetectorFixture.Load(arch);
        using var model = fixture.LoadModel();
        using var batch = InferenceInputs.SingleImage(fixture.ImagePath);
        using var pred = model.Predict(batch)[0].PredInstances!;
        var result = DetectionMatching.Match(fixture.Reference(), DetectorFixture.Detections(pred));
        output.WriteLine($"{arch}: {result}");
        Assert.True(result.Reference >= 90, $"the fixture should hold many detections, has {result.Reference}");
        Assert.True(result.Fraction >= 0.98, result.ToString());
        Assert.True(result.Extra <= 2, result.ToString());
    }
}
