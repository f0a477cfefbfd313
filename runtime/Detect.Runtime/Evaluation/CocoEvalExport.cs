using System.Text.Json;
using CsvHelper;

namespace Detect.Evaluation;

/// <summary>
/// Evaluation results to files: the 12 numbers per metric as JSON (<c>{"bbox": [...]}</c>, full
/// precision), and the summary and per-class AP as CSV (numbers in shortest round-trip form).
/// </summary>
public static class CocoEvalExport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes <c>{"metric": [12 numbers], ...}</c> in pycocotools' summarize order.</summary>
    public static void WriteStatsJson(string path, IReadOnlyDictionary<string, CocoEvalResult> results)
    {
        CreateFolder(path);
        File.WriteAllText(path, JsonSerializer.Serialize(results.ToDictionary(r => r.Key, r => r.Value.Stats), Json) + "\n");
    }

    /// <summary>Writes one row per summary number: name (MMDetection's, prefixed by the metric), value, pycocotools' description.</summary>
    public static void WriteSummaryCsv(string path, string metric, CocoEvalResult result)
    {
        using var csv = Create(path);
        Row(csv, "name", "value", "description");
        for (int i = 0; i < result.Stats.Count; i++)
        {
            csv.WriteField($"{metric}_{result.StatNames[i]}");
            csv.WriteField(result.Stats[i], "R");
            csv.WriteField(result.StatDescriptions[i]);
            csv.EndRecord();
        }
    }

    /// <summary>Writes MMDetection's classwise table at full precision; "nan" where a category has no ground truth.</summary>
    public static void WriteClasswiseCsv(string path, IReadOnlyList<ClasswiseAp> rows)
    {
        using var csv = Create(path);
        Row(csv, "category_id", "category", "mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l");
        foreach (var r in rows)
        {
            csv.WriteField(r.CategoryId, "");
            csv.WriteField(r.Name);
            foreach (double v in new[] { r.MAP, r.MAP50, r.MAP75, r.MAPSmall, r.MAPMedium, r.MAPLarge })
            {
                if (double.IsNaN(v)) csv.WriteField("nan");
                else csv.WriteField(v, "R");
            }
            csv.EndRecord();
        }
    }

    private static CsvWriter Create(string path)
    {
        CreateFolder(path);
        return CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false);
    }

    private static void Row(CsvWriter csv, params string[] fields)
    {
        foreach (var f in fields) csv.WriteField(f);
        csv.EndRecord();
    }

    private static void CreateFolder(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
    }
}
