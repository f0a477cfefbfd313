using System.Globalization;

namespace Detect.Analysis.Logs;

/// <summary>
/// MMDetection's <c>analyze_logs.py cal_train_time</c>: the mean iteration time of each epoch (the first
/// logged <c>time</c> of every epoch left out unless outliers are included), the slowest and fastest epoch
/// (by position, from 1), the standard deviation over epochs and the mean of the epoch means.
/// </summary>
/// <param name="Source">The log file.</param>
/// <param name="SlowestEpoch">Position (from 1) of the slowest epoch.</param>
/// <param name="SlowestTime">Its mean time, s/iter.</param>
/// <param name="FastestEpoch">Position (from 1) of the fastest epoch.</param>
/// <param name="FastestTime">Its mean time, s/iter.</param>
/// <param name="StdOverEpochs">Population standard deviation of the epoch means.</param>
/// <param name="AverageIterTime">Mean of the epoch means, s/iter.</param>
public sealed record TrainTime(string Source, int SlowestEpoch, double SlowestTime, int FastestEpoch, double FastestTime, double StdOverEpochs, double AverageIterTime)
{
    /// <summary>The lines MMDetection prints (its last, empty line included).</summary>
    public IReadOnlyList<string> Lines()
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            $"-----Analyze train time of {Source}-----",
            $"slowest epoch {SlowestEpoch}, average time is {SlowestTime.ToString("F4", inv)} s/iter",
            $"fastest epoch {FastestEpoch}, average time is {FastestTime.ToString("F4", inv)} s/iter",
            $"time std over epochs is {StdOverEpochs.ToString("F4", inv)}",
            $"average iter time: {AverageIterTime.ToString("F4", inv)} s/iter",
            "",
        ];
    }

    /// <summary>Computes the figures of <paramref name="log"/>.</summary>
    /// <param name="log">The log.</param>
    /// <param name="includeOutliers">Keep each epoch's first time (MMDetection's <c>--include-outliers</c>).</param>
    /// <exception cref="AnalysisException">No epoch has a training <c>time</c> left to average (a log without training lines, or a log interval longer than an epoch).</exception>
    public static TrainTime Compute(TrainingLog log, bool includeOutliers = false)
    {
        // Epochs whose times are all skipped would give numpy's NaN mean; they are left out instead, positions kept.
        var means = new List<(int Position, double Mean)>();
        for (int i = 0; i < log.Epochs.Count; i++)
        {
            var times = log.Values(log.Epochs[i], "time").Skip(includeOutliers ? 0 : 1).ToArray();
            if (times.Length > 0) means.Add((i + 1, times.Average()));
        }
        if (means.Count == 0)
            throw new AnalysisException($"{log.Path}: no training iteration times to average (no training lines with 'time'" +
                (includeOutliers ? ")." : " beyond each epoch's first; a log interval shorter than an epoch, or --include-outliers, gives some)."));
        var slowest = means.MaxBy(m => m.Mean);
        var fastest = means.MinBy(m => m.Mean);
        double mean = means.Average(m => m.Mean);
        double std = Math.Sqrt(means.Average(m => (m.Mean - mean) * (m.Mean - mean)));
        return new TrainTime(log.Path, slowest.Position, slowest.Mean, fastest.Position, fastest.Mean, std, mean);
    }
}
