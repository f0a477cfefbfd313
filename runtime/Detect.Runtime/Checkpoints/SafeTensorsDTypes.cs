using TorchSharp;

namespace Detect.Checkpoints;

/// <summary>safetensors' dtype codes (<c>F32</c>, <c>BF16</c>, <c>U8</c>...) and TorchSharp's dtypes.</summary>
internal static class SafeTensorsDTypes
{
    static readonly Dictionary<string, torch.ScalarType> ByCode = new()
    {
        ["BOOL"] = torch.ScalarType.Bool,
        ["U8"] = torch.ScalarType.Byte,
        ["I8"] = torch.ScalarType.Int8,
        ["I16"] = torch.ScalarType.Int16,
        ["I32"] = torch.ScalarType.Int32,
        ["I64"] = torch.ScalarType.Int64,
        ["F16"] = torch.ScalarType.Float16,
        ["BF16"] = torch.ScalarType.BFloat16,
        ["F32"] = torch.ScalarType.Float32,
        ["F64"] = torch.ScalarType.Float64,
        ["C64"] = torch.ScalarType.ComplexFloat32,
    };

    public static bool TryGetDType(string code, out torch.ScalarType dtype) => ByCode.TryGetValue(code, out dtype);

    public static string CodeOf(torch.ScalarType dtype) =>
        ByCode.FirstOrDefault(p => p.Value == dtype).Key ?? throw new NotSupportedException($"safetensors has no code for dtype {dtype}");
}
