namespace Detect.Config;

/// <summary>
/// The seam between generated experiments and the training engine: <see cref="Experiment.Train"/>
/// and <see cref="Experiment.Test"/> parse their options and hand the run to the registered engine.
/// The engine (Detect.Engine) implements this and registers itself with <see cref="TrainingEngine.Register"/>.
/// </summary>
public interface ITrainingEngine
{
    /// <summary>Trains <paramref name="run"/>'s experiment (build model, loaders, optimizer, schedules and hooks from its config); returns the exit code.</summary>
    int Train(ExperimentRun run);

    /// <summary>Evaluates <see cref="RunOptions.Checkpoint"/> on the test loader; returns the exit code.</summary>
    int Test(ExperimentRun run);
}

/// <summary>One run: the experiment (with command-line overrides applied) and the run's options.</summary>
public sealed record ExperimentRun(IExperiment Experiment, RunOptions Options);

/// <summary>Options of <c>detect train</c> / <c>detect test</c> and of an experiment's <c>Train(args)</c> / <c>Test(args)</c>.</summary>
/// <param name="WorkDir">Where checkpoints and logs go: <c>--work-dir</c>, else the config's runtime.work_dir, else <c>work_dirs/&lt;experiment&gt;</c>.</param>
/// <param name="Device"><c>--device</c>: auto, cpu, cuda or cuda:N.</param>
/// <param name="Resume"><c>--resume</c>: continue from the latest checkpoint in the work dir.</param>
/// <param name="Checkpoint"><c>--checkpoint</c>: weights to test.</param>
/// <param name="CfgOptions">The <c>--cfg-options</c> applied, for the log.</param>
/// <param name="Launcher"><c>--launcher</c>: none (one process) or mpi (data parallel under <c>mpiexec -n N</c>).</param>
public sealed record RunOptions(string WorkDir, string Device, bool Resume, string? Checkpoint, IReadOnlyList<string> CfgOptions, string Launcher = "none");

/// <summary>Where the training engine registers itself.</summary>
public static class TrainingEngine
{
    private static ITrainingEngine? _current;

    /// <summary>
    /// Registers the engine that Train/Test hand runs to (the last registration wins); disposing the
    /// result restores the engine registered before.
    /// </summary>
    public static IDisposable Register(ITrainingEngine engine)
    {
        var previous = _current;
        _current = engine;
        return new Restore(() => _current = previous);
    }

    /// <summary>Whether an engine is registered.</summary>
    public static bool IsRegistered => _current is not null;

    /// <summary>The registered engine, or a clear error saying there is none.</summary>
    public static ITrainingEngine Current => _current ?? throw new ConfigurationException(
        "No training engine is registered: this build has the typed configs but not the training engine (Detect.Engine). " +
        "Register one with Detect.Config.TrainingEngine.Register(engine) before calling Train or Test.");

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
