using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Checkpoints;

/// <summary>
/// A tensor as a checkpoint stores it: a view (offset, shape, strides in elements) of a
/// <see cref="TensorStorage"/>, turned into a TorchSharp tensor only when asked.
/// </summary>
/// <remarks>Views of one storage (a transposed weight, slices, an expanded bias with stride 0) stay
/// what they are in the file; <see cref="ToTensor"/> makes an ordinary contiguous copy.</remarks>
public sealed class StoredTensor
{
    /// <summary>Describes a view of <paramref name="storage"/>.</summary>
    public StoredTensor(TensorStorage storage, long storageOffset, long[] shape, long[] strides, bool requiresGrad = false)
    {
        if (shape.Length != strides.Length)
            throw new CheckpointFormatException(storage.Location, $"tensor has {shape.Length} sizes but {strides.Length} strides");
        Storage = storage;
        StorageOffset = storageOffset;
        Shape = shape;
        Strides = strides;
        RequiresGrad = requiresGrad;
    }

    /// <summary>The storage this tensor views.</summary>
    public TensorStorage Storage { get; }

    /// <summary>Offset of the first element, in elements.</summary>
    public long StorageOffset { get; }

    /// <summary>Sizes per dimension.</summary>
    public long[] Shape { get; }

    /// <summary>Strides per dimension, in elements.</summary>
    public long[] Strides { get; }

    /// <summary>Whether it was saved as an <c>nn.Parameter</c> requiring grad.</summary>
    public bool RequiresGrad { get; }

    /// <summary>Element type.</summary>
    public ScalarType DType => Storage.DType;

    /// <summary>Number of elements.</summary>
    public long NumElements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape as PyTorch prints it, e.g. <c>[64, 3, 7, 7]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>Makes a contiguous TorchSharp tensor with the stored values.</summary>
    /// <param name="device">Where to put it; CPU when null.</param>
    /// <param name="name">What to call the tensor in error messages (its key).</param>
    /// <exception cref="CheckpointFormatException">The view reaches outside its storage.</exception>
    public Tensor ToTensor(Device? device = null, string? name = null)
    {
        var (first, last) = Extent(name);
        using var scope = NewDisposeScope();
        Tensor result;
        if (NumElements == 0)
        {
            result = empty(Shape, DType);
        }
        else
        {
            int size = DTypes.ElementSize(DType);
            var span = empty(last - first + 1, DType);
            TensorBytes.Fill(span, Storage.Bytes.AsSpan(checked((int)(first * size)), checked((int)((last - first + 1) * size))));
            result = span.as_strided(Shape, Strides, StorageOffset - first).contiguous();
        }
        if (device is not null && device.type != DeviceType.CPU) result = result.to(device);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Copies a TorchSharp tensor into a stored one (contiguous, on its own storage).</summary>
    public static StoredTensor FromTensor(Tensor tensor, string location = "<memory>")
    {
        using var stream = new MemoryStream();
        TensorBytes.WriteTo(tensor, stream);
        var shape = tensor.shape;
        return new StoredTensor(new TensorStorage(tensor.dtype, stream.ToArray(), location), 0, shape, ContiguousStrides(shape));
    }

    /// <summary>The row-major strides of <paramref name="shape"/>.</summary>
    public static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long step = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = step;
            step *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    // First and last storage element the view touches; checked against the storage's length.
    (long First, long Last) Extent(string? name)
    {
        string what = name is null ? "tensor" : $"tensor '{name}'";
        if (Shape.Any(s => s < 0) || Strides.Any(s => s < 0) || StorageOffset < 0)
            throw new CheckpointFormatException(Storage.Location, $"{what} has a negative size, stride or offset");
        if (NumElements == 0) return (0, -1);
        long last = StorageOffset + Shape.Zip(Strides).Sum(p => (p.First - 1) * p.Second);
        if (last >= Storage.NumElements)
            throw new CheckpointFormatException(Storage.Location,
                $"{what} (shape {ShapeText}, offset {StorageOffset}) reaches element {last} of a storage of {Storage.NumElements}");
        return (StorageOffset, last);
    }
}
