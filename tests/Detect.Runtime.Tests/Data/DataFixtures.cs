using System.Text.Json;

namespace Detect.Runtime.Tests.Data;

/// <summary>The golden file of tests/golden/data/make_data_goldens.py (MMEngine / MMDetection code).</summary>
internal static class DataFixtures
{
    public static JsonElement Json { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "data.json"))).RootElement;

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
