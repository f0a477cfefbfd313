using Detect.Models.PostProcessing;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.Tests.PostProcessing;

public sealed class PostProcessingTests
{
    public PostProcessingTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void BatchedNmsSuppressesWithinIdsOnlyInBothModes()
    {
        using var scope = NewDisposeScope();
        // Boxes 0 and 1 overlap (IoU 0.81), box 2 overlaps 0 but has another id, box 3 is alone.
        var boxes = tensor(new float[] { 0, 0, 10, 10, 1, 0, 10, 9, 0, 0, 10, 10, 50, 50, 60, 60 }).view(4, 4);
        var scores = tensor(new float[] { 0.9f, 0.8f, 0.7f, 0.95f });
        var ids = tensor(new long[] { 0, 0, 1, 0 });
        long[] expected = [3, 0, 2];
        Assert.Equal(expected, BatchedNms.Apply(boxes, scores, ids, new NmsConfig(0.5)).Keep.data<long>().ToArray());
        Assert.Equal(expected, BatchedNms.Apply(boxes, scores, ids, new NmsConfig(0.5, splitThr: 1)).Keep.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 0 }, BatchedNms.Apply(boxes, scores, ids, new NmsConfig(0.5, classAgnostic: true)).Keep.data<long>().ToArray());
    }

    [Fact]
    public void BatchedNmsModesAgreeOnRandomBoxes()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        var xy = rand(300, 2, generator: gen) * 200;
        var boxes = cat([xy, xy + rand(300, 2, generator: gen) * 60 + 1], 1);
        var scores = rand(300, generator: gen);
        var ids = randint(0, 5, 300, generator: gen);
        var trick = BatchedNms.Apply(boxes, scores, ids, new NmsConfig(0.5)).Keep;
        var byClass = BatchedNms.Apply(boxes, scores, ids, new NmsConfig(0.5, splitThr: 1)).Keep;
        Assert.Equal(byClass.data<long>().ToArray(), trick.data<long>().ToArray());
    }

    [Fact]
    public void ScoreFilterKeepsTheBestScoresAboveTheThreshold()
    {
        using var scope = NewDisposeScope();
        var scores = tensor(new float[] { 0.1f, 0.6f, 0.3f, 0.9f, 0.05f, 0.7f }).view(3, 2);
        var (kept, labels, rows) = ScoreFilter.Apply(scores, 0.2, topk: 3);
        Assert.Equal(new[] { 0.9f, 0.7f, 0.6f }, kept.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1 }, labels.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 0 }, rows.data<long>().ToArray());
    }

    [Fact]
    public void MultiClassNmsDropsBackgroundLowScoresAndSmallBoxes()
    {
        using var scope = NewDisposeScope();
        // Two RoIs, two classes + background; class-specific boxes (n × 8).
        var boxes = tensor(new float[] { 0, 0, 10, 10, 20, 20, 30, 30, 1, 1, 10, 10, 20, 20, 20.005f, 30 }).view(2, 8);
        var scores = tensor(new float[] { 0.6f, 0.3f, 0.1f, 0.5f, 0.4f, 0.1f }).view(2, 3);
        var (b, s, l) = MultiClassNms.Apply(boxes, scores, 0.35, new NmsConfig(0.5), maxNum: 10);
        // Class 0: RoI 0 (0.6) suppresses RoI 1 (0.5, IoU 0.81); class 1: only RoI 1 (0.4) passes the threshold.
        Assert.Equal(new[] { 0.6f, 0.4f }, s.data<float>().ToArray());
        Assert.Equal(new long[] { 0, 1 }, l.data<long>().ToArray());
        Assert.Equal(new float[] { 0, 0, 10, 10, 20, 20, 20.005f, 30 }, b.data<float>().ToArray());
        // torchvision's small-box removal drops the 0.005-wide box.
        var (_, s2, _) = MultiClassNms.Apply(boxes, scores, 0.35, new NmsConfig(0.5), maxNum: 10, minBboxSize: 0.01);
        Assert.Equal(new[] { 0.6f }, s2.data<float>().ToArray());
    }
}
