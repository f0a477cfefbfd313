using System.Text.Json;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// torchvision SSD300's default boxes against torchvision 0.14's <c>DefaultBoxGenerator</c>
/// (Golden/detectors/torchvision_ssd_default_boxes.golden.json, from make_detector_fixtures.py): six levels with 4, 6, 6, 6, 4, 4
/// boxes per cell on a 100×136 batch, so the centres use the batch's own W / step and H / step and the widest boxes are clamped.
/// </summary>
public sealed class TorchvisionDefaultBoxGeneratorTests
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Golden", "detectors", "torchvision_ssd_default_boxes.golden.json"))).RootElement;

    public TorchvisionDefaultBoxGeneratorTests() => TorchRuntime.EnsureInitialized();

    static float[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? [.. e.EnumerateArray().SelectMany(Flat)]
        : [e.GetSingle()];

    internal static TorchvisionDefaultBoxGenerator Ssd300() =>
        new([8, 16, 32, 64, 100, 300], [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05], [2, 2, 3, 2, 3, 2, 3, 2, 2], [1, 2, 2, 2, 1, 1]);

    [Fact]
    public void DefaultBoxesEqualTorchvisions()
    {
        using var scope = NewDisposeScope();
        var featmaps = Golden.GetProperty("featmap_sizes").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
        var generator = Ssd300();
        Assert.Equal([4, 6, 6, 6, 4, 4], generator.NumBasePriors);
        var anchors = generator.ForBatch((100, 136), featmaps).GridPriors(featmaps);
        var expected = Golden.GetProperty("anchors").EnumerateArray().ToArray();
        double maxDiff = 0;
        for (int level = 0; level < featmaps.Length; level++)
        {
            var want = Flat(expected[level]);
            var got = anchors[level].data<float>().ToArray();
            Assert.Equal(want.Length, got.Length);
            maxDiff = Math.Max(maxDiff, want.Zip(got, (a, b) => (double)Math.Abs(a - b)).Max());
        }
        // The same float32 operations as torchvision's; 1e-4 px leaves room for a division rounded once differently.
        Assert.True(maxDiff <= 1e-4, $"max difference {maxDiff} px");
    }

    [Fact]
    public void TheBoxesFollowTheBatchSize()
    {
        var generator = Ssd300();
        Assert.Same(generator, generator.ForBatch((300, 300), [(38, 38)]));
        using var anchors = generator.SingleLevelGridPriors((38, 38), 0);
        Assert.Equal(38 * 38 * 4, anchors.shape[0]);
        // First cell, first box: centre 0.5 / 37.5 of 300 px, side 0.07 · 300 = 21 px.
        var first = anchors[0].data<float>().ToArray();
        Assert.Equal([4 - 10.5f, 4 - 10.5f, 4 + 10.5f, 4 + 10.5f], first, new FloatTolerance(1e-4f));
    }

    sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
