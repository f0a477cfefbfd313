using Detect.Distributed;
using Detect.Platform;

namespace Detect.Config;

/// <summary>
/// The Train/Test entry points of experiments: parses the run options (the same for <c>dotnet run</c>
/// and <c>detect train</c>), applies <c>--cfg-options</c>, and runs it with <see cref="Engine.ExperimentRunner"/>. Whatever the run throws ends in <see cref="FailureReport"/>: a config
/// mistake prints its message and returns 2, bad data or a diverged run 1, an unexpected failure a
/// paragraph naming the log with the trace, and 70.
/// </summary>
public static class ExperimentLauncher
{
    /// <summary>Usage of the options, for help texts.</summary>
    public const string Usage = "[--cfg-options key=value ...] [--work-dir DIR] [--resume] [--device auto|cpu|cuda|cuda:N] [--checkpoint FILE] [--tta] [--launcher none|mpi]";

    /// <summary>Trains <paramref name="experiment"/>.</summary>
    public static RunResult Train(IExperiment experiment, string[] args) =>
        Run(experiment, args, TorchUse.Training, run => Engine.ExperimentRunner.Train(run, Console.WriteLine));

    /// <summary>Tests <paramref name="experiment"/>; needs <c>--checkpoint</c>.</summary>
    public static RunResult Test(IExperiment experiment, string[] args) => Run(experiment, args, TorchUse.Inference, run =>
        run.Options.Checkpoint is null ? throw new ConfigurationException("test needs --checkpoint FILE.") : Engine.ExperimentRunner.Test(run, Console.WriteLine));

    /// <summary>Parses the options and applies the overrides; throws <see cref="ConfigurationException"/> on a bad option or value.</summary>
    public static ExperimentRun Prepare(IExperiment experiment, IReadOnlyList<string> args)
    {
        var cfgOptions = new List<string>();
        string? workDir = null, checkpoint = null;
        var device = "auto";
        var launcher = "none";
        bool resume = false, tta = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--cfg-options":
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) cfgOptions.Add(args[++i]);
                    break;
                case "--work-dir": workDir = Value(args, ref i); break;
                case "--device": device = Value(args, ref i); break;
                case "--checkpoint": checkpoint = Value(args, ref i); break;
                case "--resume": resume = true; break;
                case "--tta": tta = true; break;
                case "--launcher": launcher = Value(args, ref i); break;
                default: throw new ConfigurationException($"unknown option '{args[i]}'; options: {Usage}");
            }
        }
        var changed = experiment.WithOptions(cfgOptions);
        workDir ??= changed.Config.Runtime?.WorkDir ?? Path.Combine("work_dirs", changed.Name);
        return new ExperimentRun(changed, new RunOptions(workDir, device, resume || changed.Config.Runtime?.Resume == true, checkpoint, cfgOptions, launcher, tta));
    }

    private static RunResult Run(IExperiment experiment, string[] args, TorchUse use, Func<ExperimentRun, RunResult> action)
    {
        string? workDir = null;
        IDisposable? distributed = null;
        try
        {
            var run = Prepare(experiment, args);
            workDir = run.Options.WorkDir;
            distributed = DistributedContext.Launch(run.Options.Launcher);
            DistributedContext.Current.Barrier(); // every rank starts together (rank 0 may have prepared data first)
            TorchRuntime.EnsureInitialized(use);
            return action(run);
        }
        catch (Exception e)
        {
            var failed = RunResult.Failed(FailureReport.Report(experiment.Name, e, workDir));
            // Data parallel: the other ranks would wait forever in their next collective; end them all.
            if (DistributedContext.Current.WorldSize > 1) DistributedContext.Current.Abort(e);
            return failed;
        }
        finally
        {
            distributed?.Dispose();
        }
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ConfigurationException($"{args[i]} needs a value.");
}
