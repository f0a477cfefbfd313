using System.CommandLine;
using Detect.Analysis.Browse;
using Detect.Analysis.Data;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect browse-dataset EXPERIMENT --output-dir DIR</c>: MMDetection's browse_dataset.py: every training image after
/// the training pipeline (augmentations included) with its boxes and masks drawn, as JPEGs.
/// </summary>
public static class BrowseDatasetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var outputDir = new Option<string>("--output-dir") { Description = "Where the pictures go.", Required = true };
        var notShow = new Option<bool>("--not-show") { Description = "Accepted for MMDetection's command line; Detect never opens a window." };
        var showInterval = new Option<double>("--show-interval") { Description = "Accepted for MMDetection's command line; nothing is shown.", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random transforms (image i uses seed + i).", DefaultValueFactory = _ => 0 };
        var command = experiment.AddTo(new Command("browse-dataset", "Draw the training images as the training pipeline makes them.") { outputDir, notShow, showInterval, seed });
        command.SetAction(parse => ToolGuard.Run("detect browse-dataset", () =>
        {
            var (dataset, pipeline) = ExperimentData.TrainData(experiment.FindConfigured(parse));
            var outcome = DatasetBrowser.Write(dataset, pipeline, parse.GetValue(outputDir)!, parse.GetValue(seed));
            Console.WriteLine($"{outcome.Files.Count} pictures in {Path.GetFullPath(parse.GetValue(outputDir)!)}");
            if (outcome.Dropped.Count > 0) Console.WriteLine($"the pipeline dropped {outcome.Dropped.Count}: {string.Join(", ", outcome.Dropped)}");
            return 0;
        }));
        return command;
    }
}
