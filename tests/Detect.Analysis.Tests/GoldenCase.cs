using System.Text.Json;
using Detect.Analysis.Data;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Analysis.Tests;

/// <summary>The case and reference answers of tests/golden/analysis/make_analysis_goldens.py.</summary>
internal static class GoldenCase
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "golden", "analysis", name);

    public static JsonElement Expected { get; } = JsonDocument.Parse(System.IO.File.ReadAllText(File("expected.json"))).RootElement;

    public static string GtPath => File("case_gt.json");

    public static string ResultsPath => File("case_results.json");

    /// <summary>The case as a test dataset (MMDetection's CocoDataset in test mode: every image, all categories).</summary>
    public static CocoDataset Dataset() => new(GtPath, testMode: true);

    public static IReadOnlyDictionary<long, ImageDetections> Detections(CocoDataset dataset) =>
        DetectionResults.ByImage(CocoResultsJson.Load(ResultsPath), dataset, ResultsPath);

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];
}
