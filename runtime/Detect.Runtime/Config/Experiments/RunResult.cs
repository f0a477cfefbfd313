namespace Detect.Config;

/// <summary>
/// What an experiment's <c>Train(args)</c> / <c>Test(args)</c> returns: the exit code a program returns (0, or what
/// <see cref="Platform.FailureReport"/> made of a failure it already reported), the last evaluation's metrics, the run's
/// log folder and its checkpoints.
/// </summary>
/// <param name="ExitCode">0 when the run finished; 1, 2 or 70 after a failure (reported on the console and in the log).</param>
/// <param name="Metrics">The last validation's (training) or the test's metrics by MMDetection's names; empty when none ran.</param>
/// <param name="RunFolder">The run's log folder, <c>&lt;work dir&gt;/&lt;timestamp&gt;</c> (log, <c>vis_data/</c>, config); null when the run never started.</param>
/// <param name="LastCheckpoint">The newest checkpoint the run wrote (or resumed from); null when there is none.</param>
/// <param name="BestCheckpoint">The <c>best_*</c> checkpoint of <c>save_best</c>; null when there is none.</param>
public sealed record RunResult(int ExitCode, IReadOnlyDictionary<string, double> Metrics, string? RunFolder, string? LastCheckpoint, string? BestCheckpoint)
{
    /// <summary>Whether the run finished without a failure.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The result of a run that failed before or while running (already reported).</summary>
    public static RunResult Failed(int exitCode) => new(exitCode, new Dictionary<string, double>(), null, null, null);
}
