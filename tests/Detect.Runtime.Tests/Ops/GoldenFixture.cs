using System.Text.Json;
using static TorchSharp.torch;

namespace Detect.Testing;

/// <summary>
/// Reads the golden JSON fixtures written by <c>tests/golden/**/*.py</c> (real references: torchvision,
/// torch) and turns their tensors back into TorchSharp tensors.
/// </summary>
/// <remarks>A tensor is {"dtype", "shape", "data": flat values}; float64 values round-trip exactly.</remarks>
internal sealed class GoldenFixture : IDisposable
{
    readonly JsonDocument document;

    GoldenFixture(JsonDocument document) => this.document = document;

    public JsonElement Root => document.RootElement;

    /// <summary>Opens <c>Fixtures/<paramref name="name"/></c> under <paramref name="area"/> in the test output folder.</summary>
    public static GoldenFixture Open(string area, string name) =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, area, "Fixtures", name))));

    public static Tensor Tensor(JsonElement element)
    {
        long[] shape = element.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var data = element.GetProperty("data");
        return element.GetProperty("dtype").GetString() switch
        {
            "float64" => tensor(data.EnumerateArray().Select(v => v.GetDouble()).ToArray(), dtype: ScalarType.Float64).reshape(shape),
            "float32" => tensor(data.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), dtype: ScalarType.Float32).reshape(shape),
            "int64" => tensor(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), dtype: ScalarType.Int64).reshape(shape),
            "bool" => tensor(data.EnumerateArray().Select(v => v.GetBoolean()).ToArray()).reshape(shape),
            var other => throw new InvalidDataException($"Unknown dtype {other} in a golden fixture."),
        };
    }

    public static long[] Longs(JsonElement element) => element.GetProperty("data").EnumerateArray().Select(v => v.GetInt64()).ToArray();

    /// <summary>Largest absolute difference, in float64; NaN where both are NaN counts as equal.</summary>
    public static double MaxAbsError(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        if (expected.numel() == 0) return 0;
        var a = actual.to(ScalarType.Float64);
        var e = expected.to(ScalarType.Float64);
        Assert.True(a.isnan().eq(e.isnan()).all().item<bool>(), "NaN positions differ.");
        var diff = (a - e).abs().nan_to_num(0.0);
        return diff.max().item<double>();
    }

    public void Dispose() => document.Dispose();
}
