using System.Text.Json;
using Detect.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>The torch.save fixtures of tests/golden/checkpoints/make_reader_fixtures.py and their expected values.</summary>
internal static class Golden
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Golden", name);

    public static JsonElement Expected(string name) =>
        JsonDocument.Parse(File.ReadAllText(PathOf(name + ".expected.json"))).RootElement.GetProperty("tensors");

    /// <summary>Asserts dtype, shape and every value of <paramref name="actual"/> against the JSON record.</summary>
    public static void AssertTensor(JsonElement expected, Tensor actual, string key)
    {
        Assert.True(expected.GetProperty("dtype").GetString() == DTypes.TorchName(actual.dtype), $"{key}: dtype {actual.dtype}");
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(), actual.shape);
        var values = expected.GetProperty("values");
        using var flat = actual.reshape(-1);
        if (actual.dtype == ScalarType.Bool)
            Assert.Equal(values.EnumerateArray().Select(v => v.GetBoolean()), flat.data<bool>().ToArray());
        else if (actual.is_floating_point())
        {
            using var f64 = flat.to(float64);
            Assert.Equal(values.EnumerateArray().Select(v => v.GetDouble()), f64.data<double>().ToArray());
        }
        else
        {
            using var i64 = flat.to(int64);
            Assert.Equal(values.EnumerateArray().Select(v => v.GetInt64()), i64.data<long>().ToArray());
        }
    }
}
