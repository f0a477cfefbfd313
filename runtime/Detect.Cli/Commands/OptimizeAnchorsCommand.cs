using System.CommandLine;
using System.Text.Json;
using Detect.Models.Analysis.Anchors;
using Detect.Models.Analysis.Optimization;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect optimize-anchors &lt;experiment&gt; [--algorithm k-means|differential_evolution] [--input-shape W H] [--iters 1000]
/// [--num-anchors 9] [--seed S] [--out anchors.json]</c>: MMDetection's <c>tools/analysis_tools/optimize_anchors.py</c> —
/// YOLO anchors for the boxes of the experiment's training dataset, rescaled to the input shape
/// (<see cref="YoloKMeansAnchorOptimizer"/>, <see cref="YoloDEAnchorOptimizer"/>).
/// </summary>
public static class OptimizeAnchorsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "k-means (darknet's IoU k-means) or differential_evolution (scipy's, best1bin).",
            DefaultValueFactory = _ => "differential_evolution",
        };
        algorithm.AcceptOnlyFromAmong("k-means", "differential_evolution");
        var inputShape = new Option<int[]>("--input-shape")
        {
            Description = "Network input width and height the boxes are rescaled to.",
            DefaultValueFactory = _ => [608, 608],
            AllowMultipleArgumentsPerToken = true,
        };
        var iters = new Option<int>("--iters") { Description = "Maximum k-means iterations or evolution generations.", DefaultValueFactory = _ => 1000 };
        var numAnchors = new Option<int>("--num-anchors")
        {
            Description = "Anchors to find (MMDetection reads them from a YOLOAnchorGenerator's base_sizes; Detect has none yet). Default: YOLOv3's 3 levels × 3.",
            DefaultValueFactory = _ => 9,
        };
        var seed = new Option<uint?>("--seed") { Description = "Seed of the numpy-compatible random state (default: drawn and printed)." };
        var output = new Option<string?>("--out") { Description = "Write the rounded anchors as JSON ([[w, h], ...], MMDetection's anchor_optimize_result.json)." };
        var command = experiment.AddTo(new Command("optimize-anchors", "Optimize YOLO anchors on an experiment's training boxes (MMDetection's optimize_anchors.py).")
            { algorithm, inputShape, iters, numAnchors, seed, output });
        command.SetAction(parse => ToolGuard.Run("detect optimize-anchors", () =>
        {
            try
            {
                var shape = parse.GetValue(inputShape)!;
                if (shape.Length != 2) throw new ArgumentException($"--input-shape takes a width and a height, got {shape.Length} value(s).");
                var dataset = ExperimentParts.TrainDataset(ExperimentParts.Resolve(experiment, parse));
                var boxes = AnchorBoxes.Collect(dataset.DataList, (shape[0], shape[1]));
                Console.WriteLine($"Collected {boxes.Length} bboxes.");
                uint used = parse.GetValue(seed) ?? (uint)Random.Shared.NextInt64(0, 1L << 32);
                Console.WriteLine($"seed: {used}");
                var result = parse.GetValue(algorithm) == "k-means"
                    ? new YoloKMeansAnchorOptimizer(parse.GetValue(numAnchors), parse.GetValue(iters)).Optimize(boxes, new NumpyRandomState(used), Console.WriteLine)
                    : new YoloDEAnchorOptimizer(parse.GetValue(numAnchors), parse.GetValue(iters)).Optimize(boxes, (shape[0], shape[1]), used, Console.WriteLine);
                Console.WriteLine($"Anchor optimize result:{result.RoundedText}");
                if (parse.GetValue(output) is { } path)
                {
                    if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
                    File.WriteAllText(path, JsonSerializer.Serialize(result.Rounded) + "\n");
                    Console.WriteLine($"Result saved in {path}");
                }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or Datasets.CocoFormatException)
            {
                Console.Error.WriteLine($"detect optimize-anchors: {e.Message}");
                return 1;
            }
        }));
        return command;
    }
}
