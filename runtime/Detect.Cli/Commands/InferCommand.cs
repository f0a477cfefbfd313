using System.CommandLine;
using Detect.Config;
using Detect.Inference;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect infer --config EXPERIMENT [--assembly DLL] [--weights W] [--batch-size N] [--score-thr T] [--device D]
/// [--tta] [--slice PATCH --overlap R] [--out-dir DIR] INPUT...</c>: MMDetection's <c>demo/image_demo.py</c> over
/// <see cref="DetInferencer"/> — any experiment of the zoo or of a user's assembly, with its own test pipeline; inputs are
/// image files, folders and globs; <c>DIR/preds/NAME.json</c> (labels, scores, xyxy boxes in original-image pixels, RLE
/// masks for mask models) and <c>DIR/vis/NAME.jpg</c> (predictions scoring at least <c>--score-thr</c> drawn).
/// <c>--tta</c> predicts the views of the experiment's <c>tta_pipeline</c> (else each image flipped and as it is) and merges
/// them (<see cref="TestTimeAugmentation"/>).
/// With <c>--slice</c>, each image is cut into overlapping patches whose predictions are merged (the large-image demo).
/// <c>--backend onnxruntime --model model.onnx</c> runs the graph of <c>detect export</c> in ONNX Runtime for the
/// detector's forward; pipeline, preprocessing and post-processing stay the experiment's (docs/deployment.md).
/// </summary>
public static class InferCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new InferenceModelOptions("Experiment name (zoo, or one from --assembly), e.g. RetinaNetR50Fpn1xCoco or ShapesFcos.");
        var batchSize = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 1 };
        var scoreThr = new Option<double>("--score-thr")
        {
            Description = "Draw and count predictions scoring at least this (MMDetection's pred_score_thr); the JSON keeps every prediction.",
            DefaultValueFactory = _ => 0.3,
        };
        var tta = new Option<bool>("--tta") { Description = "Test-time augmentation: the config's tta_pipeline views (else each image also flipped), merged by NMS as tta_model says." };
        var slice = new Option<int?>("--slice") { Description = "Sliced inference for large images: patch size in pixels (the large-image demo's 640)." };
        var overlap = new Option<double>("--overlap") { Description = "Overlap ratio of neighbouring patches with --slice.", DefaultValueFactory = _ => 0.25 };
        var mergeIouThr = new Option<double>("--merge-iou-thr") { Description = "NMS IoU threshold that merges the patches' predictions.", DefaultValueFactory = _ => 0.25 };
        var outDir = new Option<string>("--out-dir") { Description = "Output folder (preds/ and vis/ are written in it).", DefaultValueFactory = _ => "outputs" };
        var noSaveVis = new Option<bool>("--no-save-vis") { Description = "Do not draw vis/NAME.jpg." };
        var noSavePred = new Option<bool>("--no-save-pred") { Description = "Do not write preds/NAME.json." };
        var printResult = new Option<bool>("--print-result") { Description = "Print each image's predictions as JSON." };
        var inputs = new Argument<string[]>("INPUT") { Description = "Image files, folders of images or globs (data/val/*.jpg).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("infer", "Detect objects in images with an experiment's model and weights.") { inputs };
        foreach (var option in model.All.Concat([batchSize, scoreThr, tta, slice, overlap, mergeIouThr, outDir, noSaveVis, noSavePred, printResult])) command.Options.Add(option);
        command.SetAction(parse => FailureReport.Run("detect infer", () =>
        {
            var options = new InferencerCallOptions
            {
                BatchSize = parse.GetValue(batchSize),
                PredScoreThr = parse.GetValue(scoreThr),
                OutDir = parse.GetValue(outDir),
                NoSaveVis = parse.GetValue(noSaveVis),
                NoSavePred = parse.GetValue(noSavePred),
                PrintResult = parse.GetValue(printResult),
                Tta = parse.GetValue(tta),
                Slice = parse.GetValue(slice) is { } patch ? new SliceOptions(patch, parse.GetValue(overlap), parse.GetValue(mergeIouThr)) : null,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException($"{e.Message.Replace("batch_size", "--batch-size").Replace("pred_score_thr", "--score-thr")}", e);
            }
            using var inferencer = model.Build(parse);
            return Run(inferencer, InferenceInputs.Expand(parse.GetValue(inputs)!), options);
        }, parse.GetValue(outDir)));
        return command;
    }

    static int Run(DetInferencer inferencer, IReadOnlyList<string> images, InferencerCallOptions options)
    {
        var results = inferencer.Run([.. images.Select(InferenceInput.FromFile)], options);
        try
        {
            foreach (var result in results)
                Console.WriteLine($"{result.Path}: {result.Instances.Count} predictions, {result.CountAtLeast(options.PredScoreThr)} scoring at least {options.PredScoreThr}");
            if (!options.NoSavePred || !options.NoSaveVis)
                Console.WriteLine($"results written to {Path.Combine(options.OutDir!, options.NoSavePred ? "vis" : "preds")}" + (options.NoSavePred || options.NoSaveVis ? "" : $" and {Path.Combine(options.OutDir!, "vis")}"));
            return 0;
        }
        finally
        {
            foreach (var result in results) result.Dispose();
        }
    }
}
