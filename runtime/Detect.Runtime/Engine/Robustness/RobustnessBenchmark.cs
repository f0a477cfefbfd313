using Detect.Config;
using Detect.Data;
using Detect.Transforms;
using Detect.Transforms.Corruptions;

namespace Detect.Engine;

/// <summary>
/// MMDetection's <c>tools/analysis_tools/test_robustness.py</c>: the experiment's test loader and evaluator, once per
/// corruption and severity, with <see cref="Corrupt"/> right after <c>LoadImageFromFile</c> (severity 0 is the clean data,
/// evaluated once and shared by every corruption); the detector is built once and the checkpoint loaded for each run.
/// <see cref="RobustnessResults"/> then gives P, mPC and rPC as <c>robustness_eval.py</c> does.
/// </summary>
public static class RobustnessBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    /// <param name="experiment">The experiment (its model, test pipeline, test loader and test evaluator).</param>
    /// <param name="checkpoint">Weights to test, or null to test the randomly initialized model.</param>
    /// <param name="corruptions">Corruptions, in order (MMDetection's <c>--corruptions</c>).</param>
    /// <param name="severities">Severities 0–5 (<c>--severities</c>; 0 is clean data).</param>
    /// <param name="workDir">Where the runs' logs go.</param>
    /// <param name="device"><c>--device</c>.</param>
    /// <param name="log">Progress and evaluation summaries.</param>
    public static RobustnessResults Run(IExperiment experiment, string? checkpoint, IReadOnlyList<ImageCorruption> corruptions,
        IReadOnlyList<int> severities, string workDir, string device, Action<string> log)
    {
        if (corruptions.Count == 0) throw new ArgumentException("No corruptions to test.");
        if (severities.Count == 0 || severities.Any(s => s is < 0 or > 5))
            throw new ArgumentException($"Severities must be 0–5 (0: clean), got [{string.Join(", ", severities)}].");
        var run = new ExperimentRun(experiment, new RunOptions(workDir, device, Resume: false, checkpoint, []));
        var baseOptions = ExperimentRunner.Options(run, test: true, log) with { CustomHooks = [], LoadFrom = checkpoint };
        var config = experiment.Config;
        var loaderConfig = config.TestDataloader ?? config.ValDataloader!;
        var evaluatorConfig = config.TestEvaluator ?? config.ValEvaluator!;
        var plan = ConfigBuild.Required<DataLoaderPlan>(loaderConfig, "test_dataloader", experiment.Name);
        var clean = experiment.BuildTestPipeline();
        if (clean.Transforms.Count == 0 || clean.Transforms[0] is not LoadImageFromFile)
            throw new ConfigurationException($"{experiment.Name}: test_dataloader.dataset.pipeline must start with LoadImageFromFile to insert Corrupt after it.");

        var results = new RobustnessResults();
        IReadOnlyDictionary<string, double>? cleanMetrics = null;
        foreach (var corruption in corruptions)
            foreach (var severity in severities.Distinct())
            {
                if (severity == 0 && cleanMetrics is not null)
                {
                    results.Add(corruption.Name, 0, cleanMetrics);
                    continue;
                }
                log($"\nTesting {corruption.Name} at severity {severity}");
                var pipeline = severity == 0 ? clean : clean.InsertAfter(0, new Corrupt(corruption.Name, severity));
                var evaluator = ConfigBuild.Required<IEvaluator>(evaluatorConfig, "test_evaluator", experiment.Name);
                evaluator.Bind(plan.Dataset, log);
                var options = baseOptions with
                {
                    TestDataloader = plan.Create("test_dataloader", baseOptions.Seed, train: false, new PipelineDataset<PackedDetInputs>(plan.Dataset.DataInfos, pipeline)),
                    TestEvaluator = evaluator,
                };
                using var runner = new Runner(options);
                var metrics = runner.Test();
                if (severity == 0) cleanMetrics = metrics;
                results.Add(corruption.Name, severity, metrics);
            }
        return results;
    }
}
