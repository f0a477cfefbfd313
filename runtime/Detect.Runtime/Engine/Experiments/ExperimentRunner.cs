using Detect.Checkpoints;
using Detect.Config;
using Detect.Data;
using Detect.Platform;

namespace Detect.Engine;

/// <summary>
/// Runs a typed experiment: <c>new MyExperiment().Train(args)</c>, <c>detect train</c> and <c>detect test</c> end here.
/// Every part of the run is built by its config record's generated <c>Build()</c> — loaders and their datasets, evaluators,
/// optimizer wrapper, schedules, train loop, hooks — and put together in <see cref="RunnerOptions"/>; failures propagate,
/// noted with where they happened, to the entry point's <see cref="FailureReport"/>.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Trains <paramref name="run"/>'s experiment; returns the last validation's metrics and the checkpoints.</summary>
    public static RunResult Train(ExperimentRun run, Action<string> log)
    {
        using var runner = new Runner(Building(() => Options(run, test: false, log)));
        if (run.Options.CfgOptions.Count > 0) runner.Log.Info($"--cfg-options {string.Join(" ", run.Options.CfgOptions)}");
        var metrics = new LastMetrics();
        runner.AddHook(metrics);
        runner.Train();
        return Result(runner, metrics.Value);
    }

    /// <summary>Evaluates <see cref="RunOptions.Checkpoint"/> on the test loader; returns the metrics.</summary>
    public static RunResult Test(ExperimentRun run, Action<string> log)
    {
        using var runner = new Runner(Building(() => Options(run, test: true, log)));
        return Result(runner, runner.Test());
    }

    /// <summary>
    /// The runner options of <paramref name="run"/>: seeds (drawing one when <c>randomness.seed</c> is unset), builds the
    /// model, then each part from its config. With <paramref name="test"/> the test loader and evaluator, else the train
    /// loader, loop, optimizer, schedules and (when both are set) the val loader and evaluator.
    /// </summary>
    public static RunnerOptions Options(ExperimentRun run, bool test, Action<string> log)
    {
        var experiment = run.Experiment;
        var config = experiment.Config;
        var runtime = config.Runtime ?? new RuntimeConfig();
        int seed = runtime.Seed >= 0 ? runtime.Seed : Random.Shared.Next();
        if (runtime.Seed < 0) log($"randomness.seed is unset; this run uses seed {seed}.");
        Runner.SetRandomSeed(seed);
        var model = experiment.BuildModel();
        var options = new RunnerOptions
        {
            Model = model,
            WorkDir = run.Options.WorkDir,
            ExperimentName = experiment.Name,
            Device = run.Options.Device,
            Seed = seed,
            DefaultHooks = Built<DefaultHooks>(config.DefaultHooks, "default_hooks") ?? new DefaultHooks(),
            CustomHooks = [.. config.CustomHooks.OfType<HookConfig>().Select(h => h.BuildHook())],
            ConfigJson = ConfigJson.Serialize(config),
        };
        string Need(string what) => $"{experiment.Name}: {(test ? "testing" : "training")} needs a {what}.";
        if (test)
        {
            var testLoader = Built<DataLoaderPlan>(config.TestDataloader ?? config.ValDataloader, "test_dataloader") ?? throw new ConfigurationException(Need("test_dataloader"));
            var evaluator = Built<IEvaluator>(config.TestEvaluator ?? config.ValEvaluator, "test_evaluator") ?? throw new ConfigurationException(Need("test_evaluator"));
            evaluator.Bind(testLoader.Dataset, log);
            return options with
            {
                TestDataloader = testLoader.Create("test_dataloader", seed, train: false),
                TestEvaluator = evaluator,
                TestTimeAug = run.Options.Tta ? TestTimeAugSetup.Create(experiment, testLoader, seed, log) : null,
                LoadFrom = run.Options.Checkpoint ?? runtime.LoadFrom,
                Classes = testLoader.Dataset.Metainfo.Classes,
            };
        }

        // The Pretrained checkpoints are loaded when training starts (Runner.Train); a missing one stops the run now, before the loaders.
        PretrainedWeights.EnsureAvailable(model);
        var train = Built<DataLoaderPlan>(config.TrainDataloader, "train_dataloader") ?? throw new ConfigurationException(Need("train_dataloader"));
        options = options with
        {
            TrainDataloader = train.Create("train_dataloader", seed, train: true),
            TrainCfg = Built<TrainLoopOptions>(config.TrainCfg, "train_cfg") ?? throw new ConfigurationException(Need("train_cfg")),
            OptimWrapper = Built<OptimWrapperOptions>(config.OptimWrapper, "optim_wrapper") ?? throw new ConfigurationException(Need("optim_wrapper")),
            ParamScheduler = ConfigBuild.List<LrSchedule>(config.ParamScheduler, "param_scheduler", experiment.Name),
            AutoScaleLr = Built<AutoScaleLr>(config.AutoScaleLr, "auto_scale_lr"),
            LoadFrom = runtime.LoadFrom,
            Resume = run.Options.Resume,
            Classes = train.Dataset.Metainfo.Classes,
        };
        if (Built<DataLoaderPlan>(config.ValDataloader, "val_dataloader") is { } val && Built<IEvaluator>(config.ValEvaluator, "val_evaluator") is { } valEvaluator)
        {
            valEvaluator.Bind(val.Dataset, log);
            options = options with { ValDataloader = val.Create("val_dataloader", seed, train: false), ValEvaluator = valEvaluator };
        }
        return options;

        T? Built<T>(ComponentConfig? part, string key) where T : class => ConfigBuild.Optional<T>(part, key, experiment.Name);
    }

    static RunnerOptions Building(Func<RunnerOptions> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (FailureContext.NoteStage(e, "building the run (model, data loaders, optimizer, hooks)"))
        {
            throw; // not reached: the filter notes the stage and lets the exception pass
        }
    }

    static RunResult Result(Runner runner, IReadOnlyDictionary<string, double>? metrics) =>
        new(0, metrics ?? new Dictionary<string, double>(), runner.LogDir, runner.LastCheckpoint, runner.MessageHub.GetInfo("best_ckpt") as string);

    // The metrics of the last validation, for the result (runs after every other hook).
    sealed class LastMetrics() : Hook(HookPriorities.Lowest)
    {
        public IReadOnlyDictionary<string, double>? Value { get; private set; }

        public override void AfterValEpoch(Runner runner, IReadOnlyDictionary<string, double> metrics) => Value = metrics;
    }
}
