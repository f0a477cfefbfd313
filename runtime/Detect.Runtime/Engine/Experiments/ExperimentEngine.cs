using Detect.Checkpoints;
using Detect.Config;
using Detect.Datasets;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// The training engine behind typed experiments: <c>new MyExperiment().Train(args)</c>,
/// <c>detect train &lt;Experiment&gt;</c> and <c>detect test</c> end here (registered with
/// <see cref="TrainingEngine"/> when Detect.Runtime loads). Errors a user can cause — bad data, a
/// NaN loss, an unusable checkpoint — print a clear message and return exit code 1.
/// </summary>
public sealed class ExperimentEngine : ITrainingEngine
{
    /// <summary>Metrics of the last <see cref="Test"/> (and of the last validation of <see cref="Train"/>), for callers that want the numbers.</summary>
    public IReadOnlyDictionary<string, double>? LastMetrics { get; private set; }

    /// <summary>The log folder (<c>&lt;work dir&gt;/&lt;timestamp&gt;</c>: the log, <c>vis_data/</c>) of the last <see cref="Train"/> or <see cref="Test"/>.</summary>
    public string? LastLogDir { get; private set; }

    /// <inheritdoc />
    public int Train(ExperimentRun run) => Guard(run, () =>
    {
        using var runner = new Runner(ExperimentRunnerOptions.From(run, test: false, Console.WriteLine));
        LastLogDir = runner.LogDir;
        if (run.Options.CfgOptions.Count > 0) runner.Log.Info($"--cfg-options {string.Join(" ", run.Options.CfgOptions)}");
        var metrics = new MetricsRecorder();
        runner.AddHook(metrics);
        runner.Train();
        LastMetrics = metrics.Last;
    });

    /// <inheritdoc />
    public int Test(ExperimentRun run) => Guard(run, () =>
    {
        using var runner = new Runner(ExperimentRunnerOptions.From(run, test: true, Console.WriteLine));
        LastLogDir = runner.LogDir;
        LastMetrics = runner.Test();
    });

    static int Guard(ExperimentRun run, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is BadSampleException or InvalidLossException or CocoFormatException or CheckpointFormatException
            or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"{run.Experiment.Name}: {e.Message}");
            return 1;
        }
    }

    sealed class MetricsRecorder() : Hook(HookPriorities.Lowest)
    {
        public IReadOnlyDictionary<string, double>? Last { get; private set; }

        public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) => Last = metrics;
    }
}
