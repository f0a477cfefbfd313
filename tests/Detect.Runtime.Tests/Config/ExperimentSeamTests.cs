using Detect.Config;

namespace Detect.Runtime.Tests.Config;

/// <summary>Train/Test hand runs to the registered engine with the parsed options; hooks are wired from the config.</summary>
public sealed class ExperimentSeamTests
{
    private sealed class RecordingEngine : ITrainingEngine
    {
        public ExperimentRun? Trained { get; private set; }
        public ExperimentRun? Tested { get; private set; }
        public int Train(ExperimentRun run) { Trained = run; return 0; }
        public int Test(ExperimentRun run) { Tested = run; return 0; }
    }

    [Fact]
    public void Train_and_test_reach_the_engine_with_options_and_overrides()
    {
        var engine = new RecordingEngine();
        using (TrainingEngine.Register(engine))
        {
            Assert.Equal(0, new SmallExperiment().Train(["--cfg-options", "train_dataloader.batch_size=8", "--resume", "--device", "cpu"]));
            Assert.Equal(0, new SmallExperiment().Test(["--checkpoint", "epoch_12.pth", "--work-dir", "out"]));
        }
        var trained = engine.Trained!;
        Assert.Equal(8, trained.Experiment.Config.TrainDataloader!.BatchSize);
        Assert.Equal((Path.Combine("work_dirs", "SmallExperiment"), "cpu", true, (string?)null), (trained.Options.WorkDir, trained.Options.Device, trained.Options.Resume, trained.Options.Checkpoint));
        Assert.Equal(["train_dataloader.batch_size=8"], trained.Options.CfgOptions);
        Assert.Equal(("out", "epoch_12.pth"), (engine.Tested!.Options.WorkDir, engine.Tested.Options.Checkpoint));
    }

    [Fact]
    public void The_engine_registers_itself_and_bad_options_fail_with_a_clear_message()
    {
        // Detect.Engine registers when Detect.Runtime loads (a test's own registration is restored on dispose).
        Assert.IsType<Detect.Engine.ExperimentEngine>(TrainingEngine.Current);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, new SmallExperiment().Train(["--bogus"]));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.StartsWith("SmallExperiment: unknown option '--bogus'", error.ToString());
    }

    [Fact]
    public void Hooks_are_built_from_the_config_in_priority_order()
    {
        var hooks = new SmallExperiment().BuildHooks();
        Assert.Equal(["custom_hooks.0", "default_hooks.checkpoint", "default_hooks.logger"], hooks.Select(h => h.Key));
        Assert.IsType<CountingHook>(hooks[0].Hook);
        Assert.IsType<CheckpointHookConfig>(hooks[1].Hook);
    }
}
