using Detect.Ops;
using Detect.Platform;
using Detect.Testing;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Ops;

/// <summary>NMS against torchvision 0.14's nms / batched_nms (fixtures from tests/golden/ops/nms_golden.py).</summary>
public class NmsTests
{
    public NmsTests() => TorchRuntime.EnsureInitialized();

    public static TheoryData<string, bool> Cases()
    {
        using var golden = GoldenFixture.Open("Ops", "nms.json");
        var data = new TheoryData<string, bool>();
        foreach (var c in golden.Root.GetProperty("cases").EnumerateArray())
        foreach (bool tensorOps in new[] { false, true })
            data.Add(c.GetProperty("name").GetString()!, tensorOps);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KeepsExactlyTheIndicesTorchvisionKeeps(string name, bool tensorOps)
    {
        using var scope = NewDisposeScope();
        using var golden = GoldenFixture.Open("Ops", "nms.json");
        var c = golden.Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var boxes = GoldenFixture.Tensor(c.GetProperty("boxes"));
        var scores = GoldenFixture.Tensor(c.GetProperty("scores"));
        var labels = c.TryGetProperty("labels", out var l) ? GoldenFixture.Tensor(l) : null;
        double threshold = c.GetProperty("iou_threshold").GetDouble();

        var keep = Nms.Run(boxes, scores, labels, threshold, preferTensorOps: tensorOps);

        Assert.Equal(ScalarType.Int64, keep.dtype);
        Assert.Equal(GoldenFixture.Longs(c.GetProperty("keep")), keep.data<long>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IouExactlyAtTheThresholdIsKeptAndJustAboveIsSuppressed(bool tensorOps)
    {
        using var scope = NewDisposeScope();
        // [0,0,10,10] and [0,0,10,5]: IoU 50/100 = 0.5 exactly, representable in float32.
        var boxes = tensor(new float[] { 0, 0, 10, 10, 0, 0, 10, 5 }).reshape(2, 4);
        var scores = tensor(new float[] { 0.9f, 0.8f });
        Assert.Equal(new long[] { 0, 1 }, Nms.Run(boxes, scores, null, 0.5, tensorOps).data<long>().ToArray());
        Assert.Equal(new long[] { 0 }, Nms.Run(boxes, scores, null, 0.4999999, tensorOps).data<long>().ToArray());
    }

    [Fact]
    public void EqualScoresAreVisitedInIndexOrder()
    {
        using var scope = NewDisposeScope();
        var boxes = tensor(new double[] { 0, 0, 10, 10, 0, 0, 10, 10, 0, 0, 10, 10 }).reshape(3, 4);
        var scores = tensor(new double[] { 0.5, 0.5, 0.5 });
        foreach (bool tensorOps in new[] { false, true })
            Assert.Equal(new long[] { 0 }, Nms.Run(boxes, scores, null, 0.5, tensorOps).data<long>().ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoBoxesGiveNoIndices(bool batched)
    {
        using var scope = NewDisposeScope();
        var boxes = zeros(0, 4);
        var keep = batched ? Nms.Batched(boxes, zeros(0), zeros(0, dtype: ScalarType.Int64), 0.5) : Nms.Apply(boxes, zeros(0), 0.5);
        Assert.Equal(new long[] { 0 }, keep.shape);
        Assert.Equal(ScalarType.Int64, keep.dtype);
    }

    [Fact]
    public void ManagedKernelAndTensorOpsAgreeOnALargeBatchedProblem()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var xy = rand(3000, 2, generator: g) * 600;
        var boxes = cat([xy, xy + rand(3000, 2, generator: g) * 120 + 1], 1);
        var scores = rand(3000, generator: g);
        var labels = randint(0, 80, [3000], generator: g);
        var managed = Nms.Run(boxes, scores, labels, 0.5, preferTensorOps: false);
        var tensorOps = Nms.Run(boxes, scores, labels, 0.5, preferTensorOps: true);
        Assert.True(managed.shape[0] > 1000);
        Assert.Equal(managed.data<long>().ToArray(), tensorOps.data<long>().ToArray());
    }

    [Fact]
    public void RejectsMalformedInputsWithTheirNames()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("boxes", Assert.Throws<ArgumentException>(() => Nms.Apply(zeros(3, 5), zeros(3), 0.5)).Message);
        Assert.Contains("scores", Assert.Throws<ArgumentException>(() => Nms.Apply(zeros(3, 4), zeros(2), 0.5)).Message);
        Assert.Contains("labels", Assert.Throws<ArgumentException>(() => Nms.Batched(zeros(3, 4), zeros(3), zeros(3), 0.5)).Message);
    }
}
