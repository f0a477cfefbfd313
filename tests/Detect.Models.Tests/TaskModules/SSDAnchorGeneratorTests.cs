using System.Text.Json;
using Detect.Models.TaskModules.PriorGenerators;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.TaskModules;

/// <summary>
/// MMDetection 3.x's <c>SSDAnchorGenerator</c> re-implemented from its source (Golden/ssd_anchor_generator.golden.json,
/// tests/golden/models/make_ssd_goldens.py): SSD300 COCO's sizes from <c>basesize_ratio_range</c> (0.15, 0.9), its anchors on small
/// grids of the six levels, SSD512 COCO's sizes, and <c>LegacySSDAnchorGenerator</c>'s SSD300 anchors (the V1 row).
/// </summary>
public sealed class SSDAnchorGeneratorTests
{
    static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Golden", "ssd_anchor_generator.golden.json"))).RootElement;

    public SSDAnchorGeneratorTests() => TorchRuntime.EnsureInitialized();

    static float[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().SelectMany(Flat)] : [e.GetSingle()];

    static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void Ssd300AnchorsEqualMMDetections()
    {
        using var scope = NewDisposeScope();
        var g = Golden.GetProperty("ssd300");
        var generator = new SSDAnchorGenerator([8, 16, 32, 64, 100, 300], [2, 2, 3, 2, 3, 2, 3, 2, 2], [1, 2, 2, 2, 1, 1],
            basesizeRatioRange: [0.15, 0.9], inputSize: 300);
        Assert.Equal(Doubles(g.GetProperty("min_sizes")), generator.MinSizes);
        Assert.Equal(Doubles(g.GetProperty("max_sizes")), generator.MaxSizes);
        Assert.Equal([4, 6, 6, 6, 4, 4], generator.NumBasePriors);
        var sizes = g.GetProperty("featmap_sizes").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
        var anchors = generator.GridPriors(sizes);
        for (int level = 0; level < sizes.Length; level++)
            Assert.Equal(Flat(g.GetProperty("anchors")[level]), anchors[level].data<float>().ToArray());
        using var sparse = generator.SparsePriors(tensor(new long[] { 0, 5, 11 }), sizes[1], 1);
        Assert.Equal(anchors[1].index_select(0, tensor(new long[] { 0, 5, 11 })).data<float>().ToArray(), sparse.data<float>().ToArray());
    }

    [Fact]
    public void LegacySsd300AnchorsEqualMMDetections()
    {
        using var scope = NewDisposeScope();
        var g = Golden.GetProperty("ssd300_legacy");
        var generator = new LegacySSDAnchorGenerator([8, 16, 32, 64, 100, 300], [2, 2, 3, 2, 3, 2, 3, 2, 2], [1, 2, 2, 2, 1, 1],
            basesizeRatioRange: [0.15, 0.9], inputSize: 300);
        Assert.Equal([21.0, 45, 99, 153, 207, 261], generator.MinSizes);
        Assert.Equal([4, 6, 6, 6, 4, 4], generator.NumBasePriors);
        var sizes = g.GetProperty("featmap_sizes").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
        var anchors = generator.GridPriors(sizes);
        for (int level = 0; level < sizes.Length; level++)
            Assert.Equal(Flat(g.GetProperty("anchors")[level]), anchors[level].data<float>().ToArray());
        Assert.Equal([-7f, -7f, 14f, 14f], anchors[0][0].data<float>().ToArray()); // centred at (8 - 1) / 2, not 8 / 2
    }

    [Fact]
    public void Ssd512SizesEqualMMDetections()
    {
        var g = Golden.GetProperty("ssd512");
        var generator = new SSDAnchorGenerator([8, 16, 32, 64, 128, 256, 512], [2, 2, 3, 2, 3, 2, 3, 2, 3, 2, 2], [1, 2, 2, 2, 2, 1, 1],
            basesizeRatioRange: [0.1, 0.9], inputSize: 512);
        Assert.Equal(Doubles(g.GetProperty("min_sizes")), generator.MinSizes);
        Assert.Equal(Doubles(g.GetProperty("max_sizes")), generator.MaxSizes);
    }
}
