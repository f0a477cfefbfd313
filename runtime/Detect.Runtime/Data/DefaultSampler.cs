using Detect.Distributed;

namespace Detect.Data;

/// <summary>
/// MMEngine's <c>DefaultSampler</c>: every index once per epoch, shuffled by <c>torch.randperm</c> with a
/// generator seeded <c>seed + epoch</c> (the same permutation PyTorch gives), or in order without shuffle.
/// Under a distributed launcher every rank draws the same permutation and keeps its shard
/// (<see cref="RankShard"/>: padded to a multiple of the world size, then every world-size-th index).
/// </summary>
/// <param name="datasetLength">Number of dataset images.</param>
/// <param name="shuffle">Shuffle each epoch.</param>
/// <param name="seed">Shuffle seed.</param>
public sealed class DefaultSampler(int datasetLength, bool shuffle = true, int seed = 0)
    : Sampler(datasetLength, shuffle, seed, allowEmpty: true)
{
    /// <inheritdoc />
    public override bool IsInfinite => false;

    /// <inheritdoc />
    public override int SamplesPerEpoch => RankShard.NumSamples(DatasetLength, DistributedContext.Current.WorldSize);

    /// <inheritdoc />
    public override IEnumerable<SampleTicket> Tickets(int epoch)
    {
        int[] order;
        if (!Shuffle || DatasetLength == 0) order = Enumerable.Range(0, DatasetLength).ToArray();
        else
            using (var generator = SeededGenerator(Seed + epoch))
                order = RandPerm(DatasetLength, generator);
        var context = DistributedContext.Current;
        return RankShard.Of(order, context.Rank, context.WorldSize).Select(i => new SampleTicket(i, epoch));
    }
}
