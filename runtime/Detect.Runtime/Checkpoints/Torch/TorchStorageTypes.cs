using TorchSharp;

namespace Detect.Checkpoints.Torch;

/// <summary>torch.save's storage classes (<c>torch.FloatStorage</c>...) and the dtypes they hold.</summary>
internal static class TorchStorageTypes
{
    static readonly Dictionary<string, torch.ScalarType> ByName = new()
    {
        ["DoubleStorage"] = torch.ScalarType.Float64,
        ["FloatStorage"] = torch.ScalarType.Float32,
        ["HalfStorage"] = torch.ScalarType.Float16,
        ["BFloat16Storage"] = torch.ScalarType.BFloat16,
        ["LongStorage"] = torch.ScalarType.Int64,
        ["IntStorage"] = torch.ScalarType.Int32,
        ["ShortStorage"] = torch.ScalarType.Int16,
        ["CharStorage"] = torch.ScalarType.Int8,
        ["ByteStorage"] = torch.ScalarType.Byte,
        ["BoolStorage"] = torch.ScalarType.Bool,
        ["ComplexFloatStorage"] = torch.ScalarType.ComplexFloat32,
        ["ComplexDoubleStorage"] = torch.ScalarType.ComplexFloat64,
        ["UntypedStorage"] = torch.ScalarType.Byte, // torch 2.x, sized in bytes
    };

    /// <summary>The dtype of a storage class such as <c>torch.FloatStorage</c> (also <c>torch.cuda.*</c>).</summary>
    public static bool TryGetDType(Pickle.PickleGlobal type, out torch.ScalarType dtype)
    {
        dtype = default;
        return type.Module is "torch" or "torch.cuda" && ByName.TryGetValue(type.Name, out dtype);
    }

    /// <summary>The storage class name torch.save writes for <paramref name="dtype"/>.</summary>
    public static string NameOf(torch.ScalarType dtype) =>
        ByName.First(p => p.Value == dtype && p.Key != "UntypedStorage").Key;
}
