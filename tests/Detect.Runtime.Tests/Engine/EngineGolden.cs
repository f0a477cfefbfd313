using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Runtime.Tests.Engine;

/// <summary>tests/golden/engine/engine.json (torch 1.13's optimizers, MMEngine's schedulers, paramwise constructor and EMA, MMDetection's ExpMomentumEMA).</summary>
internal static class EngineGolden
{
    public static JsonElement Json { get; } = Golden.Json("engine", "engine.json");

    public static JsonElement Case(string section, string name) =>
        Json.GetProperty(section).EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static long[] Shape(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    /// <summary>The largest absolute difference between a tensor and golden values.</summary>
    public static double MaxDiff(Tensor actual, float[] expected)
    {
        var a = actual.detach().cpu().reshape(-1).data<float>().ToArray();
        Assert.Equal(expected.Length, a.Length);
        return a.Zip(expected, (x, y) => Math.Abs((double)x - y)).DefaultIfEmpty(0).Max();
    }
}
