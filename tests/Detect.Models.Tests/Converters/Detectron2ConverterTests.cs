using Detect.Checkpoints;
using Detect.Inference;
using Detect.Models.Converters;
using Detect.Models.Tests.Detectors;
using Detect.Platform;
using Detect.Structures;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Detect.Models.Tests.Converters;

/// <summary>
/// <c>--from detectron2</c> on Detectron2-format checkpoints of the narrow torchvision fixtures, written by
/// tests/golden/checkpoints/make_detectron2_checkpoint.py (Detectron2's keys, background last, RetinaNet anchors
/// size-major; a pickle of numpy arrays as the model zoo ships them, and a torch.save <c>.pth</c>): strict loading into
/// the torchvision experiment and torchvision's detections (the parity tests' tolerance).
/// </summary>
public sealed class Detectron2ConverterTests(ITestOutputHelper output)
{
    static string Fixture(string name) => Path.Combine(DetectorFixture.Directory, name);

    static StateDict Convert(string file) => CheckpointConverters.Find("detectron2").Convert(CheckpointLoader.Read(Fixture(file)), null).StateDict;

    // The one place that builds the narrow torchvision model the Detectron2-format weights load into.
    static DetectionModel NarrowTorchvisionModel(DetectorFixture fixture) => fixture.Build();

    [Theory]
    [InlineData("fasterrcnn_resnet50_fpn")]
    [InlineData("maskrcnn_resnet50_fpn")]
    [InlineData("retinanet_resnet50_fpn")]
    public void Detectron2PickleLoadsStrictlyAndReproducesTorchvision(string arch)
    {
        var fixture = DetectorFixture.Load(arch);
        var converted = Convert(arch + "_narrow.detectron2.pkl");
        using var model = NarrowTorchvisionModel(fixture);
        var report = CheckpointLoader.LoadStateDict(model, converted, strict: true);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        model.eval();
        using var batch = InferenceInputs.SingleImage(fixture.ImagePath);
        using var pred = model.Predict(batch)[0].PredInstances!;
        var result = DetectionMatching.Match(fixture.Reference(), DetectorFixture.Detections(pred));
        output.WriteLine($"{arch}: {result}");
        Assert.True(result.Reference >= 90, $"the fixture should hold many detections, has {result.Reference}");
        Assert.True(result.Fraction >= 0.98, result.ToString());
        Assert.True(result.Extra <= 2, result.ToString());
    }

    [Theory]
    [InlineData("fasterrcnn_resnet50_fpn")]
    [InlineData("maskrcnn_resnet50_fpn")]
    [InlineData("retinanet_resnet50_fpn")]
    public void Detectron2PickleGivesTheTorchvisionConversionExactly(string arch)
    {
        var fixture = DetectorFixture.Load(arch);
        AssertSame(fixture.ConvertedWeights(), Convert(arch + "_narrow.detectron2.pkl"));
    }

    [Fact]
    public void Detectron2PthConvertsLikeThePickle()
    {
        var pth = CheckpointLoader.Read(Fixture("fasterrcnn_resnet50_fpn_narrow.detectron2.pth"));
        Assert.Equal(CheckpointFormat.TorchZip, pth.Format);
        Assert.Equal(CheckpointFormat.Pickle, CheckpointLoader.DetectFormat(Fixture("fasterrcnn_resnet50_fpn_narrow.detectron2.pkl")));
        AssertSame(Convert("fasterrcnn_resnet50_fpn_narrow.detectron2.pkl"), Convert("fasterrcnn_resnet50_fpn_narrow.detectron2.pth"));
    }

    [Fact]
    public void ArchIsRefused() =>
        Assert.Throws<ArgumentException>(() => new Detectron2Converter().Convert(CheckpointLoader.Read(Fixture("fasterrcnn_resnet50_fpn_narrow.detectron2.pkl")), "r50"));

    static void AssertSame(StateDict expected, StateDict actual)
    {
        TorchRuntime.EnsureInitialized();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in expected)
        {
            using var e = tensor.ToTensor();
            using var a = actual[key].ToTensor();
            Assert.True(e.dtype == a.dtype && e.shape.SequenceEqual(a.shape) && e.eq(a).all().item<bool>(), $"{key} differs");
        }
    }
}
