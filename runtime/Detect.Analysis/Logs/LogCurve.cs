namespace Detect.Analysis.Logs;

/// <summary>
/// One curve of <c>analyze_logs.py plot_curve</c>: a metric with "mAP" in its name is plotted once per
/// epoch that has it (x = epoch, with markers); any other key once per logged training line (x = the
/// line's <c>step</c>, the global iteration).
/// </summary>
/// <param name="Label">Legend text.</param>
/// <param name="Xs">Epochs or iterations.</param>
/// <param name="Ys">Values.</param>
/// <param name="ByEpoch">True for per-epoch (validation) metrics.</param>
public sealed record LogCurve(string Label, double[] Xs, double[] Ys, bool ByEpoch)
{
    /// <summary>The curve of <paramref name="key"/> (<c>loss_cls</c>, <c>bbox_mAP</c> or <c>coco/bbox_mAP</c>) in <paramref name="log"/>.</summary>
    /// <exception cref="AnalysisException">The log has no value of the key.</exception>
    public static LogCurve Extract(TrainingLog log, string key, string label)
    {
        string name = key.Split('/')[^1];
        if (!log.Contains(name))
            throw new AnalysisException($"{log.Path} does not contain metric {key}" +
                (log.Epochs.Count == 0 ? " (the log has no lines with values)." : "."));
        var xs = new List<double>();
        var ys = new List<double>();
        bool byEpoch = name.Contains("mAP", StringComparison.Ordinal);
        foreach (int epoch in log.Epochs)
        {
            var values = log.Values(epoch, name);
            if (byEpoch)
            {
                foreach (double v in values) { xs.Add(epoch); ys.Add(v); }
                continue;
            }
            var steps = log.Values(epoch, "step");
            int n = Math.Min(steps.Count, values.Count);
            for (int i = 0; i < n; i++) { xs.Add(steps[i]); ys.Add(values[i]); }
        }
        return new LogCurve(label, [.. xs], [.. ys], byEpoch);
    }

    /// <summary>MMDetection's default legends: <c>{log path}_{key}</c> for every log and key, logs outermost.</summary>
    public static IReadOnlyList<string> DefaultLegends(IReadOnlyList<string> logPaths, IReadOnlyList<string> keys) =>
        [.. logPaths.SelectMany(path => keys.Select(key => $"{path}_{key}"))];
}
