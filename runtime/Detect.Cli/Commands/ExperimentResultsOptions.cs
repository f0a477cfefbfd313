using System.CommandLine;
using Detect.Analysis.Data;
using Detect.Datasets;
using Detect.Evaluation;

namespace Detect.Cli.Commands;

/// <summary>
/// What analyze-results and confusion-matrix share: <c>EXPERIMENT RESULTS.json</c> (experiment first, as MMDetection's
/// <c>config prediction_path</c>), and the step from them to the test dataset and its per-image detections.
/// </summary>
public sealed class ExperimentResultsOptions
{
    readonly ExperimentOptions experiment = new();
    readonly Argument<string> results = new("results") { Description = "Detections on the experiment's test set, COCO results format (detect test writes them)." };

    /// <summary>Creates the command with the experiment, the results file and <paramref name="options"/>.</summary>
    public Command Create(string name, string description, params Option[] options)
    {
        var command = experiment.AddTo(new Command(name, description));
        command.Arguments.Add(results);
        foreach (var option in options) command.Options.Add(option);
        return command;
    }

    /// <summary>The test dataset and the detections of each image; <paramref name="whenEmpty"/> is warned about a results file without entries.</summary>
    public (CocoDataset Dataset, IReadOnlyDictionary<long, ImageDetections> Detections) Load(ParseResult parse, string whenEmpty)
    {
        var dataset = ExperimentData.TestDataset(experiment.FindConfigured(parse));
        string path = parse.GetValue(results)!;
        var loaded = CocoResultsJson.Load(path);
        if (loaded.Count == 0) Console.Error.WriteLine($"warning: {path} holds no results; {whenEmpty}.");
        return (dataset, DetectionResults.ByImage(loaded, dataset, path));
    }
}
