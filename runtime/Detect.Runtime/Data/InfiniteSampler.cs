namespace Detect.Data;

/// <summary>
/// MMEngine's <c>InfiniteSampler</c>, for iteration-based training: one generator seeded once with <c>seed</c> yields
/// permutation after permutation (or 0..n−1 repeated without shuffle), forever. Each repetition counts as an epoch for
/// the samples' random generators. Under a distributed launcher every rank draws the same stream and keeps every
/// world-size-th index from its rank on (MMEngine's <c>islice(indices, rank, None, world_size)</c>).
/// </summary>
/// <param name="datasetLength">Number of dataset images (must be positive).</param>
/// <param name="shuffle">Shuffle every repetition.</param>
/// <param name="seed">Generator seed.</param>
public sealed class InfiniteSampler(int datasetLength, bool shuffle = true, int seed = 0)
    : Sampler(datasetLength, shuffle, seed, allowEmpty: false)
{
    /// <inheritdoc />
    public override bool IsInfinite => true;

    /// <summary>The endless stream; <paramref name="epoch"/> is ignored, as MMEngine's set_epoch is.</summary>
    public override IEnumerable<SampleTicket> Tickets(int epoch)
    {
        var context = Distributed.DistributedContext.Current;
        using var generator = Shuffle ? SeededGenerator(Seed) : null;
        long position = 0;
        for (long pass = 0; ; pass++)
        {
            var order = generator is null ? Enumerable.Range(0, DatasetLength).ToArray() : RandPerm(DatasetLength, generator);
            foreach (int i in order)
                if (position++ % context.WorldSize == context.Rank) yield return new SampleTicket(i, pass);
        }
    }
}
