using Detect.Config;
using Detect.Engine;

namespace Detect.Runtime.Tests.Config;

/// <summary>Train/Test parse their options and overrides; hooks are built by their configs, at the config's priority.</summary>
public sealed class ExperimentSeamTests
{
    [Fact]
    public void Options_and_overrides_reach_the_run()
    {
        var trained = ExperimentLauncher.Prepare(new SmallExperiment(), ["--cfg-options", "train_dataloader.batch_size=8", "--resume", "--device", "cpu"]);
        Assert.Equal(8, trained.Experiment.Config.TrainDataloader!.BatchSize);
        Assert.Equal((Path.Combine("work_dirs", "SmallExperiment"), "cpu", true, (string?)null), (trained.Options.WorkDir, trained.Options.Device, trained.Options.Resume, trained.Options.Checkpoint));
        Assert.Equal(["train_dataloader.batch_size=8"], trained.Options.CfgOptions);
        var tested = ExperimentLauncher.Prepare(new SmallExperiment(), ["--checkpoint", "epoch_12.pth", "--work-dir", "out"]);
        Assert.Equal(("out", "epoch_12.pth"), (tested.Options.WorkDir, tested.Options.Checkpoint));
    }

    [Fact]
    public void Bad_options_fail_with_a_clear_message_and_an_exit_code()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        RunResult result;
        try
        {
            result = new SmallExperiment().Train(["--bogus"]);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Equal(2, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Empty(result.Metrics);
        Assert.StartsWith("SmallExperiment: unknown option '--bogus'", error.ToString());
    }

    [Fact]
    public void Hooks_are_built_from_the_config_at_their_priorities()
    {
        var config = new SmallExperiment().Config;
        var custom = Assert.Single(config.CustomHooks.OfType<HookConfig>()).BuildHook();
        Assert.IsType<CountingHook>(custom);
        Assert.Equal(HookPriorities.High, custom.Priority);
        var defaults = Assert.IsType<DefaultHooks>(config.DefaultHooks!.Build());
        Assert.Equal(1, Assert.IsType<CheckpointHook>(defaults.Checkpoint).Interval);
        // NORMAL (the config's default) keeps the hook's own priority; another value replaces it.
        Assert.Equal(HookPriorities.VeryLow, defaults.Checkpoint!.Priority);
        Assert.Equal(HookPriorities.BelowNormal, defaults.Logger!.Priority);
        Assert.Null(defaults.Timer);
        var raised = (LoggerHookConfig)((DefaultHooksConfig)config.DefaultHooks).Logger! with { Priority = HookPriority.VeryHigh };
        Assert.Equal(HookPriorities.VeryHigh, Assert.IsType<LoggerHook>(raised.Build()).Priority);
    }
}
