using Detect.Config;
using Detect.Platform;

namespace Detect.Engine;

/// <summary>
/// The training engine behind typed experiments: <c>new MyExperiment().Train(args)</c>,
/// <c>detect train &lt;Experiment&gt;</c> and <c>detect test</c> end here (registered with
/// <see cref="TrainingEngine"/> when Detect.Runtime loads). Failures propagate, noted with where they
/// happened, to the entry point's <see cref="FailureReport"/>.
/// </summary>
public sealed class ExperimentEngine : ITrainingEngine
{
    /// <summary>Metrics of the last <see cref="Test"/> (and of the last validation of <see cref="Train"/>), for callers that want the numbers.</summary>
    public IReadOnlyDictionary<string, double>? LastMetrics { get; private set; }

    /// <summary>The log folder (<c>&lt;work dir&gt;/&lt;timestamp&gt;</c>: the log, <c>vis_data/</c>) of the last <see cref="Train"/> or <see cref="Test"/>.</summary>
    public string? LastLogDir { get; private set; }

    /// <inheritdoc />
    public int Train(ExperimentRun run)
    {
        using var runner = new Runner(Options(run, test: false));
        LastLogDir = runner.LogDir;
        if (run.Options.CfgOptions.Count > 0) runner.Log.Info($"--cfg-options {string.Join(" ", run.Options.CfgOptions)}");
        var metrics = new MetricsRecorder();
        runner.AddHook(metrics);
        runner.Train();
        LastMetrics = metrics.Last;
        return 0;
    }

    /// <inheritdoc />
    public int Test(ExperimentRun run)
    {
        using var runner = new Runner(Options(run, test: true));
        LastLogDir = runner.LogDir;
        LastMetrics = runner.Test();
        return 0;
    }

    static RunnerOptions Options(ExperimentRun run, bool test)
    {
        try
        {
            return ExperimentRunnerOptions.From(run, test, Console.WriteLine);
        }
        catch (Exception e) when (FailureContext.NoteStage(e, "building the run (model, data loaders, optimizer, hooks)"))
        {
            throw; // not reached: the filter notes the stage and lets the exception pass
        }
    }

    sealed class MetricsRecorder() : Hook(HookPriorities.Lowest)
    {
        public IReadOnlyDictionary<string, double>? Last { get; private set; }

        public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) => Last = metrics;
    }
}
