namespace Detect.Data;

/// <summary>Yields dataset indices for one epoch (MMEngine's samplers).</summary>
public interface ISampler
{
    /// <summary>Size of the dataset sampled.</summary>
    int DatasetLength { get; }

    /// <summary>Indices this process gets per epoch: the dataset, or its rank's shard under a distributed launcher.</summary>
    int SamplesPerEpoch => DatasetLength;

    /// <summary>Whether <see cref="Tickets"/> never ends (iteration-based training).</summary>
    bool IsInfinite { get; }

    /// <summary>The indices of <paramref name="epoch"/>, in order.</summary>
    IEnumerable<SampleTicket> Tickets(int epoch);
}
