using System.Globalization;
using System.Text.Json;

namespace Detect.Analysis.Logs;

/// <summary>
/// A run's <c>vis_data/scalars.json</c> grouped by epoch as MMDetection's <c>analyze_logs.py</c> groups it
/// (<c>load_json_logs</c>): lines with fewer than two keys are skipped; a key <c>coco/bbox_mAP</c> is kept as
/// <c>bbox_mAP</c> (its last '/' part), and after such a key the rest of the line (the validation's
/// <c>time</c>, <c>step</c>) is not recorded; a line goes to the epoch of the last <c>epoch</c> value seen
/// before it (1 at first), so, as there, the first logged line of epoch k+1 lands in epoch k.
/// </summary>
public sealed class TrainingLog
{
    readonly Dictionary<int, Dictionary<string, List<double>>> byEpoch;

    TrainingLog(string path, List<int> epochs, Dictionary<int, Dictionary<string, List<double>>> byEpoch)
    {
        Path = path;
        Epochs = epochs;
        this.byEpoch = byEpoch;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Epochs in the order they first appear (MMDetection's <c>log_dict.keys()</c>).</summary>
    public IReadOnlyList<int> Epochs { get; }

    /// <summary>The values of <paramref name="key"/> recorded in <paramref name="epoch"/> (empty when none).</summary>
    public IReadOnlyList<double> Values(int epoch, string key) =>
        byEpoch.TryGetValue(epoch, out var keys) && keys.TryGetValue(key, out var values) ? values : [];

    /// <summary>Whether any epoch recorded <paramref name="key"/>.</summary>
    public bool Contains(string key) => byEpoch.Values.Any(keys => keys.ContainsKey(key));

    /// <summary>Reads a scalars.json file (one JSON object per line).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="AnalysisException">A line that is not a JSON object (named by its number).</exception>
    public static TrainingLog Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such log file.", path);
        var epochs = new List<int>();
        var byEpoch = new Dictionary<int, Dictionary<string, List<double>>>();
        int epoch = 1, lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var json = Parse(line, path, lineNumber);
            var root = json.RootElement;
            if (root.EnumerateObject().Count() <= 1) continue;
            if (!byEpoch.TryGetValue(epoch, out var keys))
            {
                byEpoch[epoch] = keys = [];
                epochs.Add(epoch);
            }
            bool validation = false;
            foreach (var property in root.EnumerateObject())
            {
                bool slashed = property.Name.Contains('/');
                if (!slashed && validation) continue;
                validation |= slashed;
                if (Number(property.Value) is not { } value) continue;
                string key = property.Name.Split('/')[^1];
                if (!keys.TryGetValue(key, out var values)) keys[key] = values = [];
                values.Add(value);
            }
            if (root.TryGetProperty("epoch", out var e) && e.TryGetInt32(out int next)) epoch = next;
        }
        return new TrainingLog(path, epochs, byEpoch);
    }

    static JsonDocument Parse(string line, string path, int lineNumber)
    {
        try
        {
            var json = JsonDocument.Parse(line);
            if (json.RootElement.ValueKind == JsonValueKind.Object) return json;
            json.Dispose();
        }
        catch (JsonException) { /* reported below */ }
        throw new AnalysisException($"{path}, line {lineNumber}: not a JSON object (scalars.json holds one object per line).");
    }

    // Numbers, and the strings the engine writes for non-finite values ("NaN", "Infinity").
    static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => null,
    };
}
