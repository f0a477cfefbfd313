using System.Text.Json;
using Detect.Data;

namespace Detect.Distributed.Tests;

/// <summary>The engine's DefaultSampler under a world size: MMEngine's shards (tests/golden/distributed/make_shards.py).</summary>
[Collection(ProcessContextCollection.Name)]
public class DefaultSamplerShardTests
{
    sealed record ShardCase(int n, int world_size, bool shuffle, int seed, int epoch, int[][] shards);

    [Fact]
    public void EveryRankGetsMmEngineShardWithPadding()
    {
        var cases = JsonSerializer.Deserialize<ShardCase[]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden/distributed/shards.json")))!;
        Assert.Equal(6, cases.Length);
        foreach (var c in cases)
            for (int rank = 0; rank < c.world_size; rank++)
                using (DistributedContext.Use(new FixedRankContext(rank, c.world_size)))
                {
                    var sampler = new DefaultSampler(c.n, c.shuffle, c.seed);
                    Assert.Equal(c.shards[rank], sampler.Tickets(c.epoch).Select(t => t.Index).ToArray());
                    Assert.Equal(c.shards[rank].Length, ((ISampler)sampler).SamplesPerEpoch);
                }
    }

    [Fact]
    public void BatchCountFollowsTheShard()
    {
        using (DistributedContext.Use(new FixedRankContext(1, 2)))
            Assert.Equal(3, new BatchSampler(new DefaultSampler(10), 2, dropLast: false).Length); // 5 samples per rank
        Assert.Equal(5, new BatchSampler(new DefaultSampler(10), 2, dropLast: false).Length);
    }
}
