using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Distributed.Tests;

/// <summary>DDP-style buckets: planned by size in reverse order, and a flat buffer that round-trips.</summary>
public class GradientBucketsTests
{
    static List<TorchSharp.Modules.Parameter> Parameters(params long[] sizes)
    {
        TorchRuntime.EnsureInitialized();
        return [.. sizes.Select((n, i) => new TorchSharp.Modules.Parameter(arange(n, dtype: ScalarType.Float32) + i * 100))];
    }

    [Fact]
    public void PlansReverseOrderBucketsUpToTheCap()
    {
        var ps = Parameters(3, 2, 5, 1); // 12, 8, 20, 4 bytes
        var buckets = new GradientBuckets(ps, bucketBytes: 24);
        // Reverse order: [p3 (4), p2 (20)] = 24, then [p1 (8), p0 (12)] = 20.
        Assert.Equal(2, buckets.Buckets.Count);
        Assert.Equal([ps[3], ps[2]], buckets.Buckets[0]);
        Assert.Equal([ps[1], ps[0]], buckets.Buckets[1]);
        Assert.Single(new GradientBuckets(ps).Buckets); // 44 bytes fit one 25 MiB bucket
    }

    [Fact]
    public void FlatBufferRoundTripsGradients()
    {
        var ps = Parameters(3, 4);
        ps[1] = new TorchSharp.Modules.Parameter(zeros(2, 2)); // a 2-D parameter: its gradient keeps its shape
        ps[0].grad = tensor(new float[] { 1, 2, 3 });
        ps[1].grad = tensor(new float[] { 4, 5, 6, 7 }).view(2, 2);
        var bucket = new GradientBuckets(ps).Buckets[0];
        using var flat = GradientBuckets.Flatten(bucket);
        Assert.Equal([4f, 5, 6, 7, 1, 2, 3], flat.data<float>().ToArray());
        using var doubled = flat * 2;
        GradientBuckets.Unflatten(doubled, bucket);
        Assert.Equal([2f, 4, 6], ps[0].grad!.data<float>().ToArray());
        Assert.Equal([8f, 10, 12, 14], ps[1].grad!.data<float>().ToArray());
        Assert.Equal([2L, 2], ps[1].grad!.shape);
    }

    [Fact]
    public void MissingGradientIsZeros()
    {
        var ps = Parameters(2);
        var bucket = new GradientBuckets(ps).Buckets[0];
        using var flat = GradientBuckets.Flatten(bucket);
        Assert.Equal([0f, 0], flat.data<float>().ToArray());
    }
}
