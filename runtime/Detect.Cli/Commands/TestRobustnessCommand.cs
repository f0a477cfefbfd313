using System.CommandLine;
using Detect.Checkpoints;
using Detect.Datasets;
using Detect.Engine;
using Detect.Transforms;
using Detect.Transforms.Corruptions;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect test-robustness &lt;experiment&gt; [--weights W] [--corruptions benchmark|all|noise|blur|weather|digital|NAME...]
/// [--severities 0 1 2 3 4 5] [--out results.json]</c>: MMDetection's <c>test_robustness.py</c> and
/// <c>robustness_eval.py</c> — the experiment's test set evaluated under the benchmark's image corruptions
/// (<see cref="RobustnessBenchmark"/>), then P, mPC and rPC (<see cref="RobustnessResults"/>).
/// </summary>
public static class TestRobustnessCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var weights = new Option<string?>("--weights") { Description = "Checkpoint to test; without it the model keeps its random initialization (a warning says so)." };
        var corruptions = new Option<string[]>("--corruptions")
        {
            Description = "benchmark (the 15), all, noise, blur, weather, digital, or corruption names.",
            DefaultValueFactory = _ => ["benchmark"],
            AllowMultipleArgumentsPerToken = true,
        };
        var severities = new Option<int[]>("--severities")
        {
            Description = "Severities 0–5; 0 is the clean data (P needs it).",
            DefaultValueFactory = _ => [0, 1, 2, 3, 4, 5],
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out") { Description = "Write the results per corruption and severity, with P, mPC and rPC, as JSON." };
        var workDir = new Option<string?>("--work-dir") { Description = "Where the evaluation logs go (default work_dirs/<experiment>/robustness)." };
        var device = CommonOptions.Device();
        var command = experiment.AddTo(new Command("test-robustness", "Evaluate an experiment's model on corrupted test images (MMDetection's test_robustness.py).")
            { weights, corruptions, severities, output, workDir, device });
        command.SetAction(parse => ToolGuard.Run("detect test-robustness", () =>
        {
            try
            {
                var selected = CorruptionCatalog.Resolve(parse.GetValue(corruptions) ?? [], out var note);
                if (note is not null) Console.WriteLine($"note: {note}");
                var found = ExperimentParts.Resolve(experiment, parse);
                string? checkpoint = parse.GetValue(weights);
                if (checkpoint is null) Console.Error.WriteLine("warning: no --weights given; test-robustness evaluates the randomly initialized model.");
                else if (!File.Exists(checkpoint)) throw new FileNotFoundException($"{checkpoint}: no such checkpoint file.");
                var results = RobustnessBenchmark.Run(found, checkpoint, selected, parse.GetValue(severities)!,
                    parse.GetValue(workDir) ?? Path.Combine("work_dirs", found.Name, "robustness"), parse.GetValue(device)!, Console.WriteLine);
                Console.WriteLine("\nAggregated results:");
                Console.Write(results.Summary());
                if (parse.GetValue(output) is { } path)
                {
                    if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
                    File.WriteAllText(path, results.ToJson() + "\n");
                    Console.WriteLine($"results written to {path}");
                }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or BadSampleException or CocoFormatException
                or CheckpointMismatchException or CheckpointFormatException or InvalidDataException)
            {
                Console.Error.WriteLine($"detect test-robustness: {e.Message}");
                return 1;
            }
        }));
        return command;
    }
}
