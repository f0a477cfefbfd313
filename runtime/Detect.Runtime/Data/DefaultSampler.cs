namespace Detect.Data;

/// <summary>
/// MMEngine's <c>DefaultSampler</c> on one process: every index once per epoch, shuffled by
/// <c>torch.randperm</c> with a generator seeded <c>seed + epoch</c> (the same permutation PyTorch
/// gives), or in order without shuffle.
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
    public override IEnumerable<SampleTicket> Tickets(int epoch)
    {
        int[] order;
        if (!Shuffle || DatasetLength == 0) order = Enumerable.Range(0, DatasetLength).ToArray();
        else
            using (var generator = SeededGenerator(Seed + epoch))
                order = RandPerm(DatasetLength, generator);
        return order.Select(i => new SampleTicket(i, epoch));
    }
}
