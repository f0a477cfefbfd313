namespace Detect.Data;

/// <summary>Consecutive indices in batches of <c>batchSize</c> (PyTorch's <c>BatchSampler</c>).</summary>
/// <param name="sampler">Where indices come from.</param>
/// <param name="batchSize">Images per batch.</param>
/// <param name="dropLast">Drop a final batch smaller than batchSize.</param>
public sealed class BatchSampler(ISampler sampler, int batchSize, bool dropLast = false)
    : BatchSamplerBase(sampler, batchSize, dropLast)
{
    /// <inheritdoc />
    public override IEnumerable<IReadOnlyList<SampleTicket>> Batches(int epoch)
    {
        var batch = new List<SampleTicket>(BatchSize);
        foreach (var ticket in Sampler.Tickets(epoch))
        {
            batch.Add(ticket);
            if (batch.Count < BatchSize) continue;
            yield return batch;
            batch = new List<SampleTicket>(BatchSize);
        }
        if (batch.Count > 0 && !DropLast) yield return batch;
    }
}
