using System.Text.Json;

namespace Detect.Runtime.Tests;

/// <summary>Access to the golden fixtures copied next to the test assembly (tests/golden/...).</summary>
internal static class Golden
{
    /// <summary>Full path of a fixture, e.g. Path("coco", "cases", "boxes_gt.json").</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "golden", .. parts]);

    /// <summary>A fixture parsed as a JSON document.</summary>
    public static JsonElement Json(params string[] parts)
    {
        using var stream = File.OpenRead(Path(parts));
        return JsonDocument.Parse(stream).RootElement.Clone();
    }
}
