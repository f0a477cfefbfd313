using Detect.Onnx.Export;

namespace Detect.Onnx.Tests;

/// <summary>Head modules run on every pyramid level: their weights are stored once, not once per level.</summary>
public sealed class SharedWeightsTests
{
    [Theory]
    [InlineData("retinanet")]
    [InlineData("fcos")]
    public void InitializersHoldNoMoreThanTheModelsParameters(string name)
    {
        using var detector = ExportedDetectors.Build(name);
        var model = OnnxExporter.Export(detector, new OnnxExportOptions(64, 64));
        long stored = model.Graph.Initializer.Where(i => i.Dims.Count == 4).Sum(i => i.Dims.Aggregate(1L, (a, d) => a * d));
        long parameters = detector.parameters().Where(p => p.ndim == 4).Sum(p => p.numel());
        // Conv weights (rank 4) only: every one is written once (BatchNorms folded into them add none).
        Assert.Equal(parameters, stored);
    }
}
