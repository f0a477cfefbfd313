namespace Detect.Config;

/// <summary>One run: the experiment (with command-line overrides applied) and the run's options.</summary>
public sealed record ExperimentRun(IExperiment Experiment, RunOptions Options);

/// <summary>Options of <c>detect train</c> / <c>detect test</c> and of an experiment's <c>Train(args)</c> / <c>Test(args)</c>.</summary>
/// <param name="WorkDir">Where checkpoints and logs go: <c>--work-dir</c>, else the config's runtime.work_dir, else <c>work_dirs/&lt;experiment&gt;</c>.</param>
/// <param name="Device"><c>--device</c>: auto, cpu, cuda or cuda:N.</param>
/// <param name="Resume"><c>--resume</c>: continue from the latest checkpoint in the work dir.</param>
/// <param name="Checkpoint"><c>--checkpoint</c>: weights to test.</param>
/// <param name="CfgOptions">The <c>--cfg-options</c> applied, for the log.</param>
/// <param name="Launcher"><c>--launcher</c>: none (one process) or mpi (data parallel under <c>mpiexec -n N</c>).</param>
/// <param name="Tta"><c>--tta</c>: test with test-time augmentation (see <see cref="Engine.TestTimeAugSetup"/>).</param>
public sealed record RunOptions(string WorkDir, string Device, bool Resume, string? Checkpoint, IReadOnlyList<string> CfgOptions, string Launcher = "none",
    bool Tta = false);
