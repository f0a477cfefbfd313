using TorchSharp;

namespace Detect.Checkpoints;

/// <summary>
/// One storage of a checkpoint: a typed run of little-endian elements that one or more
/// <see cref="StoredTensor"/>s view (torch.save keeps views of one storage shared).
/// </summary>
/// <remarks>The bytes are read on first use and then kept, so a tensor that is never used (an
/// optimizer's state when only the weights are loaded) costs no reading.</remarks>
public sealed class TensorStorage
{
    readonly Func<byte[]> load;
    byte[]? bytes;

    /// <summary>Describes a storage whose bytes <paramref name="load"/> returns on demand.</summary>
    /// <param name="dtype">Element type.</param>
    /// <param name="numElements">Length in elements.</param>
    /// <param name="load">Reads the bytes (exactly numElements × element size).</param>
    /// <param name="location">Where it lives, for error messages (file and entry).</param>
    public TensorStorage(torch.ScalarType dtype, long numElements, Func<byte[]> load, string location)
    {
        DType = dtype;
        NumElements = numElements;
        Location = location;
        this.load = load;
    }

    /// <summary>A storage over bytes already in memory.</summary>
    public TensorStorage(torch.ScalarType dtype, byte[] data, string location)
        : this(dtype, data.LongLength / DTypes.ElementSize(dtype), () => data, location) { }

    /// <summary>Element type.</summary>
    public torch.ScalarType DType { get; }

    /// <summary>Length in elements.</summary>
    public long NumElements { get; }

    /// <summary>File and entry the storage comes from.</summary>
    public string Location { get; }

    /// <summary>The raw little-endian bytes, read on first access.</summary>
    /// <exception cref="CheckpointFormatException">The file holds fewer or more bytes than the storage declares.</exception>
    public byte[] Bytes
    {
        get
        {
            if (bytes is not null) return bytes;
            var data = load();
            long expected = NumElements * DTypes.ElementSize(DType);
            if (data.LongLength != expected)
                throw new CheckpointFormatException(Location,
                    $"storage holds {data.LongLength} bytes but declares {NumElements} {DTypes.TorchName(DType)} elements ({expected} bytes)");
            return bytes = data;
        }
    }

    /// <summary>A storage over elements [<paramref name="elementOffset"/>, +<paramref name="count"/>) of this one
    /// (the pre-1.6 torch.save format's storage views).</summary>
    public TensorStorage Slice(long elementOffset, long count)
    {
        int size = DTypes.ElementSize(DType);
        return new TensorStorage(DType, count, () => Bytes.AsSpan((int)(elementOffset * size), (int)(count * size)).ToArray(),
            $"{Location}[{elementOffset}:{elementOffset + count}]");
    }
}
