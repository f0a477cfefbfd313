namespace Detect.Data;

/// <summary>Groups a sampler's indices into batches (PyTorch's BatchSampler and MMDetection's variants).</summary>
public interface IBatchSampler
{
    /// <summary>The underlying sampler.</summary>
    ISampler Sampler { get; }

    /// <summary>The batches of <paramref name="epoch"/>, in order.</summary>
    IEnumerable<IReadOnlyList<SampleTicket>> Batches(int epoch);

    /// <summary>Batches per epoch as MMDetection counts them (<c>__len__</c>); null for an infinite sampler.</summary>
    int? Length { get; }
}

/// <summary>What batch samplers share: the sampler, the batch size and whether to drop the last batch.</summary>
public abstract class BatchSamplerBase : IBatchSampler
{
    /// <summary>Checks and keeps the settings.</summary>
    protected BatchSamplerBase(ISampler sampler, int batchSize, bool dropLast)
    {
        if (batchSize <= 0) throw new ArgumentException($"batchSize must be positive, got {batchSize}.", nameof(batchSize));
        Sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        BatchSize = batchSize;
        DropLast = dropLast;
    }

    /// <inheritdoc />
    public ISampler Sampler { get; }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether a final short batch is dropped.</summary>
    public bool DropLast { get; }

    /// <inheritdoc />
    public abstract IEnumerable<IReadOnlyList<SampleTicket>> Batches(int epoch);

    /// <inheritdoc />
    public int? Length => Sampler.IsInfinite ? null
        : DropLast ? Sampler.SamplesPerEpoch / BatchSize : (Sampler.SamplesPerEpoch + BatchSize - 1) / BatchSize;
}
