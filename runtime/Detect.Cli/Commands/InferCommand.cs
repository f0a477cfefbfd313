using System.CommandLine;
using Detect.Checkpoints;
using Detect.Inference;
using Detect.Ops;
using Detect.Platform;
using Detect.Visualization;
using TorchSharp;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect infer --config NAME --weights FILE [--device cpu|cuda] [--score-thr T] --out-dir DIR INPUT...</c>: runs a
/// detector on images (files or folders) as MMDetection's <c>DetInferencer</c>: <c>DIR/preds/NAME.json</c> with
/// <c>labels</c>, <c>scores</c>, <c>bboxes</c> (xyxy, original-image pixels) and <c>masks</c> (RLE) when the model
/// segments, and <c>DIR/vis/NAME.jpg</c> with the predictions scoring at least <c>--score-thr</c> drawn.
/// </summary>
public static class InferCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = $"Model config name: {string.Join(", ", ModelConfigs.Names)}.", Required = true };
        var weights = new Option<string>("--weights") { Description = "Checkpoint in Detect's names (e.g. written by detect convert).", Required = true };
        var device = CommonOptions.Device();
        var scoreThr = new Option<double>("--score-thr")
        {
            Description = "Draw predictions scoring at least this (MMDetection's pred_score_thr); the JSON keeps every prediction.",
            DefaultValueFactory = _ => 0.3,
        };
        var outDir = new Option<string>("--out-dir") { Description = "Output folder (preds/ and vis/ are written in it).", Required = true };
        var inputs = new Argument<string[]>("INPUT") { Description = "Image files or folders of images.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("infer", "Detect objects in images with a model and its weights.") { config, weights, device, scoreThr, outDir, inputs };
        command.SetAction(parse => FailureReport.Run("detect infer", () => Run(parse.GetValue(config)!, parse.GetValue(weights)!,
            parse.GetValue(device)!, parse.GetValue(scoreThr), parse.GetValue(outDir)!, parse.GetValue(inputs)!), parse.GetValue(outDir)));
        return command;
    }

    static int Run(string configName, string weights, string deviceName, double scoreThr, string outDir, string[] inputs)
    {
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        var entry = ModelConfigs.Resolve(configName);
        var images = InferenceInputs.Expand(inputs);
        var device = DeviceSelector.Resolve(deviceName);
        using var model = entry.Build();
        var report = CheckpointLoader.LoadCheckpoint(model, weights);
        if (report.MissingKeys.Count > 0 || report.ShapeMismatches.Count > 0) throw new CheckpointMismatchException(report);
        if (report.UnexpectedKeys.Count > 0) Console.Error.WriteLine($"warning: {report}");
        model.to(device);
        model.eval();
        foreach (var (path, index) in images.Select((p, i) => (p, i)))
        {
            try
            {
                using var batch = InferenceInputs.SingleImage(path, index);
                var sample = model.Predict(batch)[0];
                using var pred = sample.PredInstances!;
                string name = Path.GetFileNameWithoutExtension(path);
                PredictionJson.Write(Path.Combine(outDir, "preds", name + ".json"), pred);
                DetVisualizer.DrawToFile(batch.Inputs[0], pred, entry.Classes, scoreThr, Path.Combine(outDir, "vis", name + ".jpg"));
                Console.WriteLine($"{path}: {pred.Count} predictions, {CountAtLeast(pred, scoreThr)} scoring at least {scoreThr}");
            }
            catch (Exception e) when (FailureContext.NoteStage(e, $"detecting objects in {path}"))
            {
                throw; // not reached: the filter notes the stage and lets the exception pass
            }
        }
        Console.WriteLine($"results written to {Path.Combine(outDir, "preds")} and {Path.Combine(outDir, "vis")}");
        return 0;
    }

    static int CountAtLeast(Structures.InstanceData pred, double scoreThr) =>
        pred.Scores is null ? pred.Count : TensorValues.ToArray<float>(pred.Scores).Count(s => s >= scoreThr);
}
