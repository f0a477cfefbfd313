using Detect.Data;

namespace Detect.Distributed.Tests;

/// <summary>
/// The engine's InfiniteSampler under a world size: MMEngine's <c>_indices_of_rank</c> is
/// <c>itertools.islice(self._infinite_indices(), self.rank, None, self.world_size)</c>, every rank slicing the one
/// stream the single process yields (itself checked against PyTorch's permutations in the runtime's SamplerTests).
/// </summary>
[Collection(ProcessContextCollection.Name)]
public class InfiniteSamplerShardTests
{
    [Theory]
    [InlineData(7, 2, true, 3)]
    [InlineData(7, 3, true, 0)]
    [InlineData(5, 2, false, 0)]
    public void EveryRankTakesEveryWorldSizethIndexOfTheStream(int n, int worldSize, bool shuffle, int seed)
    {
        var stream = new InfiniteSampler(n, shuffle, seed).Tickets(0).Take(4 * n * worldSize).ToList();
        var seen = new List<(int Position, int Index)>();
        for (int rank = 0; rank < worldSize; rank++)
            using (DistributedContext.Use(new FixedRankContext(rank, worldSize)))
            {
                var mine = new InfiniteSampler(n, shuffle, seed).Tickets(0).Take(4 * n).ToList();
                for (int k = 0; k < mine.Count; k++)
                {
                    var expected = stream[rank + k * worldSize];
                    Assert.Equal((expected.Index, expected.Epoch), (mine[k].Index, mine[k].Epoch));
                    seen.Add((rank + k * worldSize, mine[k].Index));
                }
            }
        // Together the ranks cover the stream exactly once.
        Assert.Equal(stream.Select(t => t.Index), seen.OrderBy(s => s.Position).Select(s => s.Index));
    }
}
