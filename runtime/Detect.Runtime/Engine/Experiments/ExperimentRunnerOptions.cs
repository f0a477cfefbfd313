using Detect.Checkpoints;
using Detect.Config;

namespace Detect.Engine;

/// <summary>
/// The runner options of a typed experiment (the engine's side of the config seam): seeds, builds the
/// model through the experiment, the loaders from their configs and pipelines, the optimizer, schedules,
/// evaluators and hooks, and takes work dir, device and resume from the run's options.
/// </summary>
public static class ExperimentRunnerOptions
{
    /// <summary>Options for <see cref="Runner.Train"/> (with <paramref name="test"/> false) or <see cref="Runner.Test"/>.</summary>
    /// <param name="run">The experiment and the command line's options.</param>
    /// <param name="test">Build the test loader and evaluator instead of the training ones.</param>
    /// <param name="log">Receives notes (the seed drawn, hooks with nothing to do, evaluation summaries).</param>
    public static RunnerOptions From(ExperimentRun run, bool test, Action<string> log)
    {
        var experiment = run.Experiment;
        var config = experiment.Config;
        var runtime = config.Runtime ?? new RuntimeConfig();
        int seed = runtime.Seed >= 0 ? runtime.Seed : Random.Shared.Next();
        if (runtime.Seed < 0) log($"randomness.seed is unset; this run uses seed {seed}.");
        Runner.SetRandomSeed(seed);
        var model = experiment.BuildModel();

        var ignored = new List<string>();
        var hooks = ConfigHooks.Build(experiment.BuildHooks(), ignored);
        if (ignored.Count > 0) log($"Hooks with nothing to do in this engine: {string.Join(", ", ignored)}.");
        var options = new RunnerOptions
        {
            Model = model,
            WorkDir = run.Options.WorkDir,
            ExperimentName = experiment.Name,
            Device = run.Options.Device,
            Seed = seed,
            DefaultHooks = new DefaultHooks { Timer = null, Logger = null, ParamScheduler = null, Checkpoint = null },
            CustomHooks = hooks,
            ConfigJson = ConfigJson.Serialize(config),
        };
        if (test)
        {
            var loader = config.TestDataloader ?? config.ValDataloader ?? throw new ConfigurationException($"{experiment.Name}: testing needs a test_dataloader.");
            var built = ConfigLoaders.Build(loader, experiment.BuildTestPipeline(), "test_dataloader", seed, train: false);
            var evaluator = config.TestEvaluator ?? config.ValEvaluator ?? throw new ConfigurationException($"{experiment.Name}: testing needs a test_evaluator.");
            return options with
            {
                TestDataloader = built.Loader,
                TestEvaluator = ConfigLoaders.Evaluator(evaluator, built.Dataset, "test_evaluator", log),
                LoadFrom = run.Options.Checkpoint ?? runtime.LoadFrom,
                Classes = built.Dataset.Metainfo.Classes,
            };
        }

        // The Pretrained checkpoints are loaded when training starts (Runner.Train); a missing one stops the run now, before the loaders.
        PretrainedWeights.EnsureAvailable(model);
        var train = ConfigLoaders.Build(config.TrainDataloader ?? throw new ConfigurationException($"{experiment.Name}: training needs a train_dataloader."),
            experiment.BuildTrainPipeline(), "train_dataloader", seed, train: true);
        options = options with
        {
            TrainDataloader = train.Loader,
            TrainCfg = ConfigOptimization.TrainLoop(config.TrainCfg ?? throw new ConfigurationException($"{experiment.Name}: training needs a train_cfg.")),
            OptimWrapper = ConfigOptimization.OptimWrapper(config.OptimWrapper ?? throw new ConfigurationException($"{experiment.Name}: training needs an optim_wrapper.")),
            ParamScheduler = config.ParamScheduler.Select(ConfigOptimization.Schedule).ToList(),
            AutoScaleLr = ConfigOptimization.AutoScale(config.AutoScaleLr),
            LoadFrom = runtime.LoadFrom,
            Resume = run.Options.Resume,
            Classes = train.Dataset.Metainfo.Classes,
        };
        if (config.ValDataloader is { } valLoader && config.ValEvaluator is { } valEvaluator)
        {
            var val = ConfigLoaders.Build(valLoader, ValPipeline(experiment), "val_dataloader", seed, train: false);
            options = options with { ValDataloader = val.Loader, ValEvaluator = ConfigLoaders.Evaluator(valEvaluator, val.Dataset, "val_evaluator", log) };
        }
        return options;
    }

    static Detect.Transforms.Pipeline<Detect.Datasets.DataInfo, Detect.Transforms.PackedDetInputs> ValPipeline(IExperiment experiment) =>
        PipelineComposer.Compose(PipelineComposer.Steps(experiment.Config.ValDataloader, "val_dataloader", experiment.Name), "val_dataloader.dataset.pipeline");
}
