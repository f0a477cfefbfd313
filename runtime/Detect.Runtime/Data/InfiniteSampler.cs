namespace Detect.Data;

/// <summary>
/// MMEngine's <c>InfiniteSampler</c> on one process, for iteration-based training: one generator
/// seeded once with <c>seed</c> yields permutation after permutation (or 0..n−1 repeated without
/// shuffle), forever. Each repetition counts as an epoch for the samples' random generators.
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
        using var generator = Shuffle ? SeededGenerator(Seed) : null;
        for (long pass = 0; ; pass++)
        {
            var order = generator is null ? Enumerable.Range(0, DatasetLength).ToArray() : RandPerm(DatasetLength, generator);
            foreach (int i in order) yield return new SampleTicket(i, pass);
        }
    }
}
