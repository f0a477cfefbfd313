using TorchSharp;

namespace Detect.Data;

/// <summary>What MMEngine's samplers share: the dataset size, whether to shuffle, and the seed.</summary>
public abstract class Sampler : ISampler
{
    /// <summary>Checks and keeps the settings.</summary>
    protected Sampler(int datasetLength, bool shuffle, int seed, bool allowEmpty)
    {
        if (datasetLength < (allowEmpty ? 0 : 1))
            throw new ArgumentException($"{GetType().Name} needs {(allowEmpty ? "a non-negative" : "a positive")} dataset length, got {datasetLength}.", nameof(datasetLength));
        DatasetLength = datasetLength;
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <inheritdoc />
    public int DatasetLength { get; }

    /// <summary>Whether the order is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>The shuffle seed.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public abstract bool IsInfinite { get; }

    /// <inheritdoc />
    public virtual int SamplesPerEpoch => DatasetLength;

    /// <inheritdoc />
    public abstract IEnumerable<SampleTicket> Tickets(int epoch);

    /// <summary><c>torch.randperm(n, generator=generator)</c> as ints.</summary>
    protected static int[] RandPerm(int n, torch.Generator generator)
    {
        using var perm = torch.randperm(n, generator: generator);
        return Ops.TensorValues.ToArray<int>(perm);
    }

    /// <summary>A torch generator after <c>manual_seed(seed)</c>.</summary>
    protected static torch.Generator SeededGenerator(long seed)
    {
        Platform.TorchRuntime.EnsureInitialized();
        return new torch.Generator((ulong)seed);
    }
}
