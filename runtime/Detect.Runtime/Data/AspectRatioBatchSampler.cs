using Detect.Datasets;

namespace Detect.Data;

/// <summary>
/// MMDetection's <c>AspectRatioBatchSampler</c>: indices go to one of two buckets — portrait
/// (width &lt; height) or landscape — by the size the dataset record declares, and a bucket is yielded
/// as a batch when full. At the end of an epoch the leftovers (portrait first) are yielded in batches;
/// with <c>dropLast</c> the final, short-or-full leftover batch is dropped, exactly as MMDetection does.
/// </summary>
public sealed class AspectRatioBatchSampler : BatchSamplerBase
{
    readonly IReadOnlyList<DataInfo> dataInfos;

    /// <summary>Creates the batch sampler.</summary>
    /// <param name="sampler">Where indices come from.</param>
    /// <param name="dataInfos">The dataset's records (their declared width and height decide the bucket).</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="dropLast">Drop the last leftover batch.</param>
    public AspectRatioBatchSampler(ISampler sampler, IReadOnlyList<DataInfo> dataInfos, int batchSize, bool dropLast = false)
        : base(sampler, batchSize, dropLast)
    {
        if (dataInfos.Count != sampler.DatasetLength)
            throw new ArgumentException($"The sampler covers {sampler.DatasetLength} images but {dataInfos.Count} records were given.", nameof(dataInfos));
        this.dataInfos = dataInfos;
    }

    /// <inheritdoc />
    public override IEnumerable<IReadOnlyList<SampleTicket>> Batches(int epoch)
    {
        var buckets = new[] { new List<SampleTicket>(BatchSize), new List<SampleTicket>(BatchSize) };
        foreach (var ticket in Sampler.Tickets(epoch))
        {
            var info = dataInfos[ticket.Index];
            var bucket = buckets[info.Width < info.Height ? 0 : 1];
            bucket.Add(ticket);
            if (bucket.Count < BatchSize) continue;
            yield return bucket.ToArray();
            bucket.Clear();
        }
        var left = buckets[0].Concat(buckets[1]).ToList();
        while (left.Count > 0)
        {
            if (left.Count <= BatchSize)
            {
                if (!DropLast) yield return left;
                yield break;
            }
            yield return left.GetRange(0, BatchSize);
            left = left.GetRange(BatchSize, left.Count - BatchSize);
        }
    }
}
