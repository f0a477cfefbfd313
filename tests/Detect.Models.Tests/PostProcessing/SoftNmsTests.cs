using System.Text.Json;
using Detect.Models.PostProcessing;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.PostProcessing;

/// <summary>
/// MMCV's <c>soft_nms</c> and <c>batched_nms(type='soft_nms')</c>: the expected outputs of MMCV's own unit test
/// (<c>mmcv/tests/test_ops/test_nms.py::test_softnms_allclose</c>, one per method), then the cases of
/// tests/golden/postprocessing/soft_nms_golden.py (a float32 re-implementation from MMCV's specification, checked
/// against that unit test): kept indices exactly, lowered scores to 1e-6 (the gaussian weight's exp may differ in the last bit).
/// </summary>
public sealed class SoftNmsTests
{
    static SoftNmsTests() => TorchRuntime.EnsureInitialized();

    static Tensor MmcvBoxes() => tensor(new float[] { 6, 3, 8, 7, 3, 6, 9, 11, 3, 7, 10, 12, 1, 4, 13, 7 }).view(4, 4);

    static Tensor MmcvScores() => tensor(new float[] { 0.6f, 0.9f, 0.7f, 0.2f });

    public static TheoryData<SoftNmsMethod, long[], float[]> MmcvUnitTest() => new()
    {
        { SoftNmsMethod.Linear, [1, 0, 2, 3], [0.9f, 0.6f, 0.29024392f, 0.2f] },
        { SoftNmsMethod.Gaussian, [1, 0, 2, 3], [0.9f, 0.59630775f, 0.35275510f, 0.18650459f] },
        { SoftNmsMethod.Naive, [1, 0, 3], [0.9f, 0.6f, 0.2f] },
    };

    [Theory]
    [MemberData(nameof(MmcvUnitTest))]
    public void Reproduces_mmcv_unit_test(SoftNmsMethod method, long[] inds, float[] scores)
    {
        using var scope = NewDisposeScope();
        var (keep, kept) = SoftNms.Apply(MmcvBoxes(), MmcvScores(), new SoftNmsSettings(0.3, sigma: 0.5, minScore: 0.01, method: method));
        Assert.Equal(inds, keep.data<long>().ToArray());
        AssertClose(scores, kept.data<float>().ToArray());
    }

    public static TheoryData<string> GoldenCases() => new(Golden.Value.Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_the_golden_cases(string name)
    {
        using var scope = NewDisposeScope();
        var c = Golden.Value.Single(c => c.GetProperty("name").GetString() == name);
        var boxes = tensor(Floats(c, "boxes")).view(-1, 4);
        var scores = tensor(Floats(c, "scores"));
        var idxs = tensor(Longs(c, "idxs"));
        var method = Enum.Parse<SoftNmsMethod>(c.GetProperty("method").GetString()!, ignoreCase: true);
        SoftNmsSettings Settings(int splitThr) => new(c.GetProperty("iou_threshold").GetDouble(), c.GetProperty("sigma").GetDouble(),
            c.GetProperty("min_score").GetDouble(), method, splitThr);

        var (keep, kept) = SoftNms.Apply(boxes, scores, Settings(10000));
        Assert.Equal(Longs(c, "keep"), keep.data<long>().ToArray());
        AssertClose(Floats(c, "kept_scores"), kept.data<float>().ToArray());
        foreach (var (prefix, splitThr) in new[] { ("batched", 10000), ("split", 1) })
        {
            (keep, kept) = BatchedNms.Apply(boxes, scores, idxs, Settings(splitThr));
            Assert.Equal(Longs(c, prefix + "_keep"), keep.data<long>().ToArray());
            AssertClose(Floats(c, prefix + "_scores"), kept.data<float>().ToArray());
        }
    }

    [Fact]
    public void No_boxes_keep_nothing()
    {
        using var scope = NewDisposeScope();
        var settings = new SoftNmsSettings(0.5);
        var (keep, kept) = BatchedNms.Apply(zeros(0, 4), zeros(0), zeros(0, dtype: ScalarType.Int64), settings);
        Assert.Equal(0, keep.numel());
        Assert.Equal(0, kept.numel());
    }

    [Fact]
    public void Multiclass_nms_returns_the_lowered_scores()
    {
        using var scope = NewDisposeScope();
        // Two classes plus background; the same four boxes for both classes.
        var classScores = stack([MmcvScores(), MmcvScores() * 0.5f, zeros(4)], 1);
        var (_, scores, labels) = MultiClassNms.Apply(MmcvBoxes(), classScores, 0.05, new SoftNmsSettings(0.3, minScore: 0.01));
        Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0, 1, 1 }, labels.data<long>().ToArray());
        AssertClose([0.9f, 0.6f, 0.45f, 0.3f, 0.29024392f, 0.2f, 0.14512196f, 0.1f], scores.data<float>().ToArray());
    }

    static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"[{i}] {actual[i]} != {expected[i]}");
    }

    static readonly Lazy<JsonElement[]> Golden = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "PostProcessing", "Fixtures", "soft_nms.json"))).RootElement.GetProperty("cases").EnumerateArray().ToArray());

    static float[] Floats(JsonElement c, string key) => [.. c.GetProperty(key).EnumerateArray().Select(v => (float)v.GetDouble())];

    static long[] Longs(JsonElement c, string key) => [.. c.GetProperty(key).EnumerateArray().Select(v => v.GetInt64())];
}
