using System.CommandLine;
using Detect.Checkpoints;
using Detect.Config;
using Detect.Datasets;
using Detect.Models.Detectors;
using Detect.Structures;

namespace Detect.Cli.Commands;

/// <summary>
/// What the model tools (<c>get-flops</c>, <c>benchmark</c>, <c>test-robustness</c>, <c>optimize-anchors</c>) take from an
/// experiment: the experiment after <c>--cfg-options</c>, its detector, its weights and its training dataset. The one place
/// these tools depend on the experiment API.
/// </summary>
public static class ExperimentParts
{
    /// <summary>The experiment named on the command line, with its <c>--cfg-options</c> applied and checked.</summary>
    public static IExperiment Resolve(ExperimentOptions options, ParseResult parse) =>
        options.Find(parse).WithOptions(parse.GetValue(options.CfgOptions) ?? []);

    /// <summary>The experiment's model, which must be one of Detect's detectors (they have a tensor-mode forward).</summary>
    public static Detector BuildDetector(IExperiment experiment)
    {
        var model = experiment.BuildModel();
        if (model is Detector detector) return detector;
        model.Dispose();
        throw new ConfigurationException($"{experiment.Name}: model {model.GetType().Name} is not one of Detect's detectors (Detect.Models.Detectors.Detector).");
    }

    /// <summary>
    /// Loads <paramref name="weights"/> into <paramref name="model"/> (keys and shapes must cover the model; extra keys
    /// are reported), or warns that the model keeps its random initialization when no file is given.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">The checkpoint misses keys or has other shapes.</exception>
    public static void LoadWeights(DetectionModel model, string? weights, string command)
    {
        if (weights is null)
        {
            Console.Error.WriteLine($"warning: no --weights given; {command} runs the randomly initialized model.");
            return;
        }
        var report = CheckpointLoader.LoadCheckpoint(model, weights);
        if (report.MissingKeys.Count > 0 || report.ShapeMismatches.Count > 0) throw new CheckpointMismatchException(report);
        if (report.UnexpectedKeys.Count > 0) Console.Error.WriteLine($"warning: {report}");
    }

    /// <summary>The experiment's training dataset (<c>train_dataloader.dataset</c>), built: MMDetection's optimize_anchors reads its boxes.</summary>
    public static CocoDataset TrainDataset(IExperiment experiment)
    {
        var config = experiment.Config.TrainDataloader?.Dataset
            ?? throw new ConfigurationException($"{experiment.Name}: the config has no train_dataloader.dataset.");
        return config.Build() as CocoDataset
            ?? throw new ConfigurationException($"{experiment.Name}: train_dataloader.dataset ({config.TypeName}) is not a COCO-format dataset.");
    }
}
