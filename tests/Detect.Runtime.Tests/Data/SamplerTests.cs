using Detect.Data;
using Detect.Datasets;

namespace Detect.Runtime.Tests.Data;

/// <summary>Samplers against MMEngine's DefaultSampler / InfiniteSampler and MMDetection's AspectRatioBatchSampler.</summary>
public class SamplerTests
{
    public static TheoryData<int> DefaultCases() => new(Enumerable.Range(0, DataFixtures.Json.GetProperty("default_sampler").GetArrayLength()));

    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void DefaultSamplerGivesPyTorchsPermutation(int i)
    {
        var c = DataFixtures.Json.GetProperty("default_sampler")[i];
        var sampler = new DefaultSampler(c.GetProperty("n").GetInt32(), c.GetProperty("shuffle").GetBoolean(), c.GetProperty("seed").GetInt32());
        int epoch = c.GetProperty("epoch").GetInt32();

        var tickets = sampler.Tickets(epoch).ToList();

        Assert.Equal(DataFixtures.Ints(c.GetProperty("indices")), tickets.Select(t => t.Index));
        Assert.All(tickets, t => Assert.Equal(epoch, t.Epoch));
    }

    [Fact]
    public void InfiniteSamplerRepeatsPermutationsFromOneGenerator()
    {
        foreach (var c in DataFixtures.Json.GetProperty("infinite_sampler").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32();
            var sampler = new InfiniteSampler(n, c.GetProperty("shuffle").GetBoolean(), c.GetProperty("seed").GetInt32());

            var tickets = sampler.Tickets(0).Take(3 * n).ToList();

            Assert.Equal(DataFixtures.Ints(c.GetProperty("indices")), tickets.Select(t => t.Index));
            Assert.Equal(Enumerable.Range(0, 3 * n).Select(k => (long)(k / n)), tickets.Select(t => t.Epoch));
        }
    }

    [Fact]
    public void AspectRatioBatchesMatchMmdetection()
    {
        var sizes = DataFixtures.Json.GetProperty("aspect_sizes").EnumerateArray()
            .Select(s => (W: s[0].GetInt32(), H: s[1].GetInt32())).ToList();
        var infos = sizes.Select((s, i) => new DataInfo(i, $"{i}.jpg", s.H, s.W, [])).ToList();
        foreach (var c in DataFixtures.Json.GetProperty("aspect_ratio_batches").EnumerateArray())
        {
            var sampler = new DefaultSampler(infos.Count, shuffle: true, seed: c.GetProperty("seed").GetInt32());
            var batches = new AspectRatioBatchSampler(sampler, infos, c.GetProperty("batch_size").GetInt32(), c.GetProperty("drop_last").GetBoolean());

            var actual = batches.Batches(0).Select(b => b.Select(t => t.Index).ToArray()).ToList();

            Assert.Equal(c.GetProperty("batches").EnumerateArray().Select(DataFixtures.Ints), actual);
        }
    }

    [Fact]
    public void BatchSamplerKeepsOrSkipsTheShortLastBatch()
    {
        var sampler = new DefaultSampler(7, shuffle: false);

        Assert.Equal([3, 3, 1], new BatchSampler(sampler, 3).Batches(0).Select(b => b.Count));
        Assert.Equal([3, 3], new BatchSampler(sampler, 3, dropLast: true).Batches(0).Select(b => b.Count));
    }

    [Fact]
    public void SampleSeedsDependOnSeedEpochAndIndexOnly()
    {
        Assert.Equal(SampleSeeds.Derive(1, 2, 3), SampleSeeds.Derive(1, 2, 3));
        var seeds = new HashSet<int>();
        for (int seed = 0; seed < 3; seed++)
            for (int epoch = 0; epoch < 3; epoch++)
                for (int index = 0; index < 50; index++) seeds.Add(SampleSeeds.Derive(seed, epoch, index));
        Assert.Equal(450, seeds.Count);
    }
}
