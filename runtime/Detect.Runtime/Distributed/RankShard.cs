namespace Detect.Distributed;

/// <summary>
/// How MMEngine's <c>DefaultSampler</c> (round_up=True) splits an epoch's order among ranks:
/// <c>num_samples = ceil(n / world_size)</c>, the order repeated until it holds
/// <c>total_size = num_samples × world_size</c> indices (so the padding repeats the first indices),
/// then rank r keeps <c>indices[r:total_size:world_size]</c>.
/// </summary>
public static class RankShard
{
    /// <summary>Indices each rank gets from <paramref name="datasetLength"/> (<c>ceil(n / world_size)</c>).</summary>
    public static int NumSamples(int datasetLength, int worldSize) => (datasetLength + worldSize - 1) / worldSize;

    /// <summary>Rank <paramref name="rank"/>'s share of <paramref name="order"/>.</summary>
    public static int[] Of(IReadOnlyList<int> order, int rank, int worldSize)
    {
        if (worldSize == 1 || order.Count == 0) return [.. order];
        int numSamples = NumSamples(order.Count, worldSize);
        var shard = new int[numSamples];
        for (int k = 0; k < numSamples; k++) shard[k] = order[(rank + k * worldSize) % order.Count];
        return shard;
    }
}
