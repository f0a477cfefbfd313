using System.Text.Json;
using Detect.Models.TaskModules.Coders;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// torchvision's anchors and box coder, against torchvision 0.14 (Golden/detectors/torchvision_task_modules.golden.json,
/// from make_detector_fixtures.py): RetinaNet's per-level sizes and the RPN's anchors on a 100×136 batch, where
/// torchvision measures the coarse levels' strides as 100 // 13 = 7... rather than 8, and BoxCoder(10, 10, 5, 5).
/// </summary>
public sealed class TorchvisionTaskModuleTests
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Golden", "detectors", "torchvision_task_modules.golden.json"))).RootElement;

    public TorchvisionTaskModuleTests() => TorchRuntime.EnsureInitialized();

    static float[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? [.. e.EnumerateArray().SelectMany(Flat)]
        : [e.GetSingle()];

    static (int, int)[] Sizes(JsonElement e) => [.. e.EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32()))];

    [Theory]
    [InlineData("retinanet", new[] { 32, 64, 128, 256, 512 }, true)]
    [InlineData("rpn", new[] { 32, 64, 128, 256, 512 }, false)]
    public void AnchorsWithBatchMeasuredStridesEqualTorchvisions(string name, int[] baseSizes, bool octaves)
    {
        using var scope = NewDisposeScope();
        int[] nominal = octaves ? [8, 16, 32, 64, 128] : [4, 8, 16, 32, 64];
        var generator = new TorchvisionAnchorGenerator([.. nominal.Select(s => (Stride)s)], [.. baseSizes.Select(x => (double)x)], [0.5, 1.0, 2.0],
            scalesPerOctave: octaves ? 3 : 1);
        var featmaps = Sizes(Golden.GetProperty(name).GetProperty("featmap_sizes"));
        var anchors = generator.ForBatch((100, 136), featmaps).GridPriors(featmaps);
        var expected = Golden.GetProperty(name).GetProperty("anchors").EnumerateArray().ToArray();
        for (int level = 0; level < featmaps.Length; level++)
            Assert.Equal(Flat(expected[level]), anchors[level].data<float>().ToArray());
    }

    [Fact]
    public void BoxCoderDecodesAndEncodesAsTorchvisions()
    {
        using var scope = NewDisposeScope();
        var c = Golden.GetProperty("coder");
        var boxes = tensor(Flat(c.GetProperty("boxes"))).view(-1, 4);
        var deltas = tensor(Flat(c.GetProperty("deltas"))).view(boxes.shape[0], -1);
        var gt = tensor(Flat(c.GetProperty("gt"))).view(-1, 4);
        var coder = new TorchvisionBoxCoder([10, 10, 5, 5]);
        var decoded = coder.Decode(boxes, deltas);
        var expectedDecoded = tensor(Flat(c.GetProperty("decoded"))).view(decoded.shape);
        Assert.True(decoded.allclose(expectedDecoded, rtol: 1e-6, atol: 1e-4), $"max diff {(decoded - expectedDecoded).abs().max().item<float>()}");
        var encoded = coder.Encode(boxes, gt);
        var expectedEncoded = tensor(Flat(c.GetProperty("encoded"))).view(encoded.shape);
        Assert.True(encoded.allclose(expectedEncoded, rtol: 1e-5, atol: 1e-6), $"max diff {(encoded - expectedEncoded).abs().max().item<float>()}");
    }
}
