using TorchSharp;

namespace Detect.Checkpoints;

/// <summary>Element sizes and torch spellings of the tensor dtypes checkpoints hold.</summary>
public static class DTypes
{
    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    /// <exception cref="NotSupportedException">A dtype checkpoints do not carry (quantized types).</exception>
    public static int ElementSize(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Bool or torch.ScalarType.Byte or torch.ScalarType.Int8 => 1,
        torch.ScalarType.Int16 or torch.ScalarType.Float16 or torch.ScalarType.BFloat16 => 2,
        torch.ScalarType.Int32 or torch.ScalarType.Float32 => 4,
        torch.ScalarType.Int64 or torch.ScalarType.Float64 or torch.ScalarType.ComplexFloat32 => 8,
        torch.ScalarType.ComplexFloat64 => 16,
        _ => throw new NotSupportedException($"dtype {dtype} is not supported in checkpoints"),
    };

    /// <summary>The name PyTorch prints, e.g. <c>float32</c>, <c>bfloat16</c>, <c>uint8</c>.</summary>
    public static string TorchName(torch.ScalarType dtype) => dtype switch
    {
        torch.ScalarType.Bool => "bool",
        torch.ScalarType.Byte => "uint8",
        torch.ScalarType.Int8 => "int8",
        torch.ScalarType.Int16 => "int16",
        torch.ScalarType.Int32 => "int32",
        torch.ScalarType.Int64 => "int64",
        torch.ScalarType.Float16 => "float16",
        torch.ScalarType.BFloat16 => "bfloat16",
        torch.ScalarType.Float32 => "float32",
        torch.ScalarType.Float64 => "float64",
        torch.ScalarType.ComplexFloat32 => "complex64",
        torch.ScalarType.ComplexFloat64 => "complex128",
        _ => dtype.ToString(),
    };
}
