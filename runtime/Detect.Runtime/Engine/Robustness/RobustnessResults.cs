using System.Text;
using System.Text.Json;
using Detect.Config;

namespace Detect.Engine;

/// <summary>
/// The metrics of a robustness benchmark per corruption and severity (MMDetection's <c>aggregated_results</c>) and
/// <c>robustness_eval.py</c>'s summary: P, the clean performance (severity 0 of the first corruption); mPC, the mean over
/// corruptions and severities 1–5; rPC = mPC / P.
/// </summary>
/// <remarks>MMDetection's mPC averages a fixed table of severities 1–5, counting a severity that was not run as 0; Detect
/// averages the severities that were run and says which.</remarks>
public sealed class RobustnessResults
{
    /// <summary>The COCO metrics robustness_eval.py reports, by their key suffix (<c>coco/bbox_</c> + name).</summary>
    public static IReadOnlyList<string> CocoMetrics { get; } = ["mAP", "mAP_50", "mAP_75", "mAP_s", "mAP_m", "mAP_l"];

    readonly List<(string Corruption, Dictionary<int, IReadOnlyDictionary<string, double>> BySeverity)> table = [];

    /// <summary>Corruption → severity → metrics, in the order run.</summary>
    public IReadOnlyList<(string Corruption, Dictionary<int, IReadOnlyDictionary<string, double>> BySeverity)> Table => table;

    /// <summary>Records one run.</summary>
    public void Add(string corruption, int severity, IReadOnlyDictionary<string, double> metrics)
    {
        int at = table.FindIndex(t => t.Corruption == corruption);
        if (at < 0) table.Add((corruption, new Dictionary<int, IReadOnlyDictionary<string, double>> { [severity] = metrics }));
        else table[at].BySeverity[severity] = metrics;
    }

    /// <summary>P for <paramref name="metric"/> (e.g. <c>coco/bbox_mAP</c>): the clean result, or null when severity 0 was not run.</summary>
    public double? P(string metric) => table.Count > 0 && table[0].BySeverity.TryGetValue(0, out var clean) && clean.TryGetValue(metric, out var v) ? v : null;

    /// <summary>mPC for <paramref name="metric"/>: the mean over the first 15 corruptions (the benchmark's) and the severities 1–5 run; null when none.</summary>
    public double? MPC(string metric)
    {
        var values = table.Take(15).SelectMany(t => t.BySeverity.Where(s => s.Key > 0)).Select(s => s.Value.GetValueOrDefault(metric, double.NaN)).ToList();
        return values.Count == 0 ? null : values.Average();
    }

    /// <summary>rPC = mPC / P, or null when either is missing.</summary>
    public double? RPC(string metric) => MPC(metric) is { } m && P(metric) is { } p && p != 0 ? m / p : null;

    /// <summary>robustness_eval.py's printout for the COCO box metrics: P, mPC and rPC in pycocotools' line format.</summary>
    public string Summary(string task = "coco/bbox")
    {
        var text = new StringBuilder();
        var severities = table.SelectMany(t => t.BySeverity.Keys).Where(s => s > 0).Distinct().Order().ToList();
        if (severities.Count is > 0 and < 5)
            text.Append($"Note: mPC averages severities {string.Join(", ", severities)} only (MMDetection would count the missing ones as 0).\n");
        foreach (var (label, f) in new (string, Func<string, double?>)[]
                 { ("Performance on Clean Data [P]", P), ("Mean Performance under Corruption [mPC]", MPC), ("Relative Performance under Corruption [rPC]", RPC) })
        {
            text.Append($"{label} ({task})\n");
            foreach (var (name, i) in CocoMetrics.Select((n, i) => (n, i)))
            {
                var value = f($"{task}_{name}");
                text.Append(CocoLine(i, value is { } v ? PythonFloat.Fixed(v, 3) : "n/a")).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>MMDetection's aggregated results as JSON (corruption → severity → metric → value), with P, mPC and rPC per metric.</summary>
    public string ToJson()
    {
        var metrics = table.SelectMany(t => t.BySeverity.Values.SelectMany(m => m.Keys)).Distinct().ToList();
        var payload = new Dictionary<string, object?>
        {
            ["aggregated_results"] = table.ToDictionary(t => t.Corruption,
                t => t.BySeverity.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value)),
            ["P"] = metrics.ToDictionary(m => m, P),
            ["mPC"] = metrics.ToDictionary(m => m, MPC),
            ["rPC"] = metrics.ToDictionary(m => m, RPC),
        };
        return JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true });
    }

    // robustness_eval.py's print_coco_results: the six AP lines of pycocotools' summary.
    static string CocoLine(int i, string value)
    {
        var (iou, area) = i switch { 0 => ("0.50:0.95", "all"), 1 => ("0.50", "all"), 2 => ("0.75", "all"), 3 => ("0.50:0.95", "small"), 4 => ("0.50:0.95", "medium"), _ => ("0.50:0.95", "large") };
        return $" Average Precision  (AP) @[ IoU={iou,-9} | area={area,6} | maxDets=100 ] = {value}";
    }
}
