using System.CommandLine;
using Detect.Checkpoints;
using Detect.Inference;
using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect benchmark &lt;experiment&gt; [--weights W] --images DIR [--max-iter 200] [--log-interval 50] [--num-warmup 5]
/// [--fuse-conv-bn] [--device auto]</c>: MMDetection's <c>tools/analysis_tools/benchmark.py</c> — inference FPS of the
/// experiment's model on the images of a folder, each made by the experiment's test pipeline outside the timed region
/// and cycled until <c>--max-iter</c> (<see cref="InferenceBenchmark"/>); <c>--fuse-conv-bn</c> folds batch norms into
/// their convs first (<see cref="ConvBnFusion"/>).
/// </summary>
public static class BenchmarkCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var experiment = new ExperimentOptions();
        var weights = new Option<string?>("--weights") { Description = "Checkpoint to load; without it the model keeps its random initialization (a warning says so)." };
        var images = new Option<string>("--images") { Description = "Folder of images (or one image), read with the experiment's test pipeline.", Required = true };
        var maxIter = new Option<int>("--max-iter") { Description = "Iterations in all, warm-up included (images are cycled).", DefaultValueFactory = _ => 200 };
        var logInterval = new Option<int>("--log-interval") { Description = "Print the FPS every this many iterations.", DefaultValueFactory = _ => 50 };
        var numWarmup = new Option<int>("--num-warmup") { Description = "Leading iterations that are run but not timed.", DefaultValueFactory = _ => 5 };
        var fuse = new Option<bool>("--fuse-conv-bn") { Description = "Fold batch norms into the preceding convs before timing (MMCV's fuse_conv_bn)." };
        var device = CommonOptions.Device();
        var command = experiment.AddTo(new Command("benchmark", "Inference speed (FPS) of an experiment's model, as MMDetection's benchmark.py.")
            { weights, images, maxIter, logInterval, numWarmup, fuse, device });
        command.SetAction(parse => ToolGuard.Run("detect benchmark", () =>
        {
            try
            {
                var benchmark = new InferenceBenchmark(parse.GetValue(maxIter), parse.GetValue(logInterval), parse.GetValue(numWarmup));
                var files = InferenceInputs.Expand([parse.GetValue(images)!]);
                if (files.Count == 0) throw new ArgumentException($"{parse.GetValue(images)}: no images (looked for {string.Join(", ", Visualization.ImageFiles.Extensions)}).");
                var found = ExperimentParts.Resolve(experiment, parse);
                var target = DeviceSelector.Resolve(parse.GetValue(device)!);
                using var detector = ExperimentParts.BuildDetector(found);
                ExperimentParts.LoadWeights(detector, parse.GetValue(weights), "benchmark");
                if (parse.GetValue(fuse)) Console.WriteLine($"fuse_conv_bn: {ConvBnFusion.Fuse(detector)}");
                detector.to(target);
                var pipeline = found.BuildTestPipeline();
                Console.WriteLine($"Benchmarking {found.Name} on {target}: {files.Count} image(s) cycled over {benchmark.MaxIter} iterations, " +
                    $"the first {benchmark.NumWarmup} not timed; torch threads: {torch.get_num_threads()}.");
                benchmark.Run(detector, i => InferenceInputs.ThroughPipeline(files[i % files.Count], i % files.Count, pipeline), Console.WriteLine);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or CheckpointMismatchException
                or CheckpointFormatException or Transforms.BadSampleException)
            {
                Console.Error.WriteLine($"detect benchmark: {e.Message}");
                return 1;
            }
        }));
        return command;
    }
}
