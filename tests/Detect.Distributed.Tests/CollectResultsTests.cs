namespace Detect.Distributed.Tests;

/// <summary>MMEngine's collect_results: interleaved back into dataset order, padding dropped.</summary>
public class CollectResultsTests
{
    [Fact]
    public void InterleavesRanksAndDropsPadding()
    {
        // 5 images on 2 ranks: rank 0 got 0, 2, 4 and rank 1 got 1, 3 and the padding 0 (RankShard).
        var parts = new[] { RankShard.Of([0, 1, 2, 3, 4], 0, 2), RankShard.Of([0, 1, 2, 3, 4], 1, 2) };
        Assert.Equal([0, 2, 4], parts[0]);
        Assert.Equal([1, 3, 0], parts[1]);
        Assert.Equal([0, 1, 2, 3, 4], CollectResults.Interleave<int>(parts, 5));
    }

    [Fact]
    public void ThreeRanksWithRepeatedPadding()
    {
        int[] order = [4, 0, 3, 1];
        var parts = Enumerable.Range(0, 3).Select(r => (IReadOnlyList<int>)RankShard.Of(order, r, 3)).ToList();
        Assert.Equal(order, CollectResults.Interleave(parts, order.Length));
    }

    [Fact]
    public void SingleProcessKeepsItsResults()
    {
        var got = CollectResults.Gather(SingleProcessContext.Instance, ["a", "b"], 2, _ => [], _ => []);
        Assert.Equal(["a", "b"], got);
    }

    [Fact]
    public void NoResultsAtAll() => Assert.Empty(CollectResults.Interleave<int>([[], []], 0));
}
