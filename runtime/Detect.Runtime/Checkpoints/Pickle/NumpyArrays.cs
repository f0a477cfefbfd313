using System.Text;
using TorchSharp;

namespace Detect.Checkpoints.Pickle;

/// <summary>
/// Turns the numpy objects of a plain pickle (the Detectron2 model zoo's <c>.pkl</c> checkpoints) into data:
/// arrays (<c>numpy.core.multiarray._reconstruct</c> with the BUILD state <c>(version, shape, dtype, is_fortran, raw
/// bytes)</c>) become <see cref="StoredTensor"/>s, scalars (<c>numpy.core.multiarray.scalar(dtype, bytes)</c>) become
/// <see cref="double"/>, <see cref="long"/> or <see cref="bool"/>. numpy 2's <c>numpy._core</c> spelling is read too.
/// </summary>
/// <remarks>
/// The <see cref="PickleReader"/> leaves every numpy object a <see cref="PickledObject"/> (its class, arguments and BUILD
/// state); <see cref="Rebuild"/> walks the unpickled tree afterwards and replaces them. The dtype is a
/// <c>numpy.dtype(code, align, copy)</c> object whose BUILD state <c>(version, byteorder, ...)</c> gives the byte order:
/// big-endian data are swapped to little-endian. Object arrays, Fortran-ordered arrays and dtypes outside bool,
/// (u)int8-64 and float16/32/64 are refused with a <see cref="CheckpointFormatException"/> naming the file and key.
/// </remarks>
public static class NumpyArrays
{
    /// <summary>Replaces, in place, every numpy array and scalar under <paramref name="root"/>.</summary>
    /// <param name="root">The unpickled object.</param>
    /// <param name="path">The file, for error messages and tensor locations.</param>
    /// <returns>The root, or what it became when it is itself a numpy object.</returns>
    /// <exception cref="CheckpointFormatException">An array with an unsupported dtype, Fortran order or malformed state.</exception>
    public static object? Rebuild(object? root, string path) => Visit(root, path, "");

    static object? Visit(object? value, string path, string key)
    {
        switch (value)
        {
            case PickledObject obj when IsNumpy(obj.Type, "_reconstruct"):
                return Array(obj, path, key);
            case PickledObject obj when IsNumpy(obj.Type, "scalar"):
                return Scalar(obj, path, key);
            case PickleDict dict:
                foreach (var k in dict.Keys.ToList()) dict[k] = Visit(dict[k], path, Join(key, k));
                return dict;
            case List<object?> list:
                for (int i = 0; i < list.Count; i++) list[i] = Visit(list[i], path, Join(key, i));
                return list;
            case PickleTuple tuple:
                return new PickleTuple([.. tuple.Select((v, i) => Visit(v, path, Join(key, i)))]);
            default:
                return value;
        }
    }

    static string Join(string key, object part) => key.Length == 0 ? $"{part}" : $"{key}.{part}";

    static bool IsNumpy(PickleGlobal g, string name) => g.Name == name && g.Module is "numpy.core.multiarray" or "numpy._core.multiarray";

    static StoredTensor Array(PickledObject obj, string path, string key)
    {
        // (version, shape, dtype, is_fortran, data); numpy before 1.x wrote no version.
        if (obj.State is not PickleTuple { Count: 4 or 5 } state)
            throw new CheckpointFormatException(path, $"numpy array '{key}' has no (version, shape, dtype, is_fortran, data) state");
        int at = state.Count - 4;
        var shape = state[at] is PickleTuple dims ? dims.Select(d => Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : throw new CheckpointFormatException(path, $"numpy array '{key}' has no shape");
        var (dtype, bigEndian) = DType(state[at + 1], path, key);
        if (state[at + 2] is true)
            throw new CheckpointFormatException(path, $"numpy array '{key}' is in Fortran order, which is not supported (save it with numpy.ascontiguousarray)");
        var bytes = state[at + 3] switch
        {
            byte[] b => b,
            string s => Encoding.Latin1.GetBytes(s), // protocol 0/1 of Python 2: a str holds the bytes
            _ => throw new CheckpointFormatException(path, $"numpy array '{key}' holds Python objects, not numbers"),
        };
        int size = DTypes.ElementSize(dtype);
        long numel = shape.Aggregate(1L, (a, b) => a * b);
        if (bytes.LongLength != numel * size)
            throw new CheckpointFormatException(path, $"numpy array '{key}' of shape [{string.Join(", ", shape)}] holds {bytes.LongLength} bytes, expected {numel * size}");
        if (bigEndian && size > 1) bytes = Swap(bytes, size);
        return new StoredTensor(new TensorStorage(dtype, bytes, $"{path}:{key}"), 0, shape, StoredTensor.ContiguousStrides(shape));
    }

    static object Scalar(PickledObject obj, string path, string key)
    {
        if (obj.Args is not [var d, var data])
            throw new CheckpointFormatException(path, $"numpy scalar '{key}' is not scalar(dtype, bytes)");
        var (dtype, bigEndian) = DType(d, path, key);
        var bytes = data as byte[] ?? (data is string s ? Encoding.Latin1.GetBytes(s) : throw new CheckpointFormatException(path, $"numpy scalar '{key}' holds no bytes"));
        int size = DTypes.ElementSize(dtype);
        if (bytes.Length != size) throw new CheckpointFormatException(path, $"numpy scalar '{key}' holds {bytes.Length} bytes, expected {size}");
        if (bigEndian) bytes = Swap(bytes, size);
        return dtype switch
        {
            torch.ScalarType.Bool => bytes[0] != 0,
            torch.ScalarType.Float16 => (double)BitConverter.ToHalf(bytes),
            torch.ScalarType.Float32 => (double)BitConverter.ToSingle(bytes),
            torch.ScalarType.Float64 => BitConverter.ToDouble(bytes),
            torch.ScalarType.Byte => (long)bytes[0],
            torch.ScalarType.Int8 => (long)(sbyte)bytes[0],
            torch.ScalarType.Int16 => (long)BitConverter.ToInt16(bytes),
            torch.ScalarType.Int32 => (long)BitConverter.ToInt32(bytes),
            _ => BitConverter.ToInt64(bytes),
        };
    }

    // numpy.dtype(code, align, copy) with BUILD state (version, byteorder, subarray, names, fields, elsize, alignment, flags).
    static (torch.ScalarType DType, bool BigEndian) DType(object? value, string path, string key)
    {
        if (value is not PickledObject { Type: { Module: "numpy", Name: "dtype" } } dtype || dtype.Args.Count == 0 || dtype.Args[0] is not string code)
            throw new CheckpointFormatException(path, $"numpy array '{key}' has no numpy.dtype");
        string order = dtype.State is PickleTuple { Count: > 1 } s && s[1] is string o ? o : "<";
        if (dtype.State is PickleTuple { Count: > 3 } fields && (fields[2] is not null || fields[3] is not null))
            throw new CheckpointFormatException(path, $"numpy array '{key}' has a structured or subarray dtype, which is not supported");
        var type = code switch
        {
            "b1" or "?" => torch.ScalarType.Bool,
            "u1" => torch.ScalarType.Byte,
            "i1" => torch.ScalarType.Int8,
            "i2" => torch.ScalarType.Int16,
            "i4" => torch.ScalarType.Int32,
            "i8" => torch.ScalarType.Int64,
            "f2" => torch.ScalarType.Float16,
            "f4" => torch.ScalarType.Float32,
            "f8" => torch.ScalarType.Float64,
            _ => throw new CheckpointFormatException(path,
                $"numpy array '{key}' has dtype '{code}', which is not supported (bool, int8-64, uint8, float16/32/64 are)"),
        };
        return (type, order == ">");
    }

    static byte[] Swap(byte[] bytes, int size)
    {
        var swapped = (byte[])bytes.Clone();
        for (int i = 0; i < swapped.Length; i += size) System.Array.Reverse(swapped, i, size);
        return swapped;
    }
}
