using System.CommandLine;
using Detect.Config;
using Detect.Inference;
using Detect.Platform;
using TorchSharp;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect infer --config EXPERIMENT [--assembly DLL] [--weights W] [--batch-size N] [--score-thr T] [--device D]
/// [--tta] [--slice PATCH --overlap R] [--out-dir DIR] INPUT...</c>: MMDetection's <c>demo/image_demo.py</c> over
/// <see cref="DetInferencer"/> — any experiment of the zoo or of a user's assembly, with its own test pipeline; inputs are
/// image files, folders and globs; <c>DIR/preds/NAME.json</c> (labels, scores, xyxy boxes in original-image pixels, RLE
/// masks for mask models) and <c>DIR/vis/NAME.jpg</c> (predictions scoring at least <c>--score-thr</c> drawn).
/// <c>--tta</c> adds each image's flipped view and merges the two (<see cref="InferencePipeline.FlipTestTimeAug"/>).
/// With <c>--slice</c>, each image is cut into overlapping patches whose predictions are merged (the large-image demo).
/// <c>--backend onnxruntime --model model.onnx</c> runs the graph of <c>detect export</c> in ONNX Runtime for the
/// detector's forward; pipeline, preprocessing and post-processing stay the experiment's (docs/deployment.md).
/// </summary>
public static class InferCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Experiment name (zoo, or one from --assembly), e.g. RetinaNetR50Fpn1xCoco or ShapesFcos.", Required = true };
        var assemblies = new Option<string[]>("--assembly") { Description = "A built assembly with your own experiments (repeatable); the zoo is always searched." };
        var cfgOptions = new Option<string[]>("--cfg-options") { Description = "Override config keys, e.g. test_dataloader.dataset.pipeline.1.scale=[800,800].", AllowMultipleArgumentsPerToken = true };
        var weights = new Option<string?>("--weights") { Description = "Checkpoint (.pth or .safetensors, Detect's key names); without it the model keeps its random initialization (a warning says so)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per forward pass.", DefaultValueFactory = _ => 1 };
        var scoreThr = new Option<double>("--score-thr")
        {
            Description = "Draw and count predictions scoring at least this (MMDetection's pred_score_thr); the JSON keeps every prediction.",
            DefaultValueFactory = _ => 0.3,
        };
        var device = CommonOptions.Device();
        var tta = new Option<bool>("--tta") { Description = "Test-time augmentation: each image also predicted flipped, the views merged by NMS (boxes only)." };
        var slice = new Option<int?>("--slice") { Description = "Sliced inference for large images: patch size in pixels (the large-image demo's 640)." };
        var overlap = new Option<double>("--overlap") { Description = "Overlap ratio of neighbouring patches with --slice.", DefaultValueFactory = _ => 0.25 };
        var mergeIouThr = new Option<double>("--merge-iou-thr") { Description = "NMS IoU threshold that merges the patches' predictions.", DefaultValueFactory = _ => 0.25 };
        var outDir = new Option<string>("--out-dir") { Description = "Output folder (preds/ and vis/ are written in it).", DefaultValueFactory = _ => "outputs" };
        var noSaveVis = new Option<bool>("--no-save-vis") { Description = "Do not draw vis/NAME.jpg." };
        var noSavePred = new Option<bool>("--no-save-pred") { Description = "Do not write preds/NAME.json." };
        var printResult = new Option<bool>("--print-result") { Description = "Print each image's predictions as JSON." };
        var backend = new Option<string>("--backend") { Description = "What runs the model: torch (TorchSharp) or onnxruntime (with --model).", DefaultValueFactory = _ => "torch" };
        backend.AcceptOnlyFromAmong("torch", "onnxruntime");
        var onnxModel = new Option<string?>("--model") { Description = "The ONNX file from 'detect export' (with --backend onnxruntime); --weights then only names the classes." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime's intra-op threads (0: its choice).", DefaultValueFactory = _ => 0 };
        var inputs = new Argument<string[]>("INPUT") { Description = "Image files, folders of images or globs (data/val/*.jpg).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("infer", "Detect objects in images with an experiment's model and weights.")
            { config, assemblies, cfgOptions, weights, batchSize, scoreThr, device, tta, slice, overlap, mergeIouThr, outDir, noSaveVis, noSavePred, printResult,
              backend, onnxModel, threads, inputs };
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
            var model = parse.GetValue(onnxModel);
            bool onnx = parse.GetValue(backend) == "onnxruntime";
            if (onnx != model is not null)
                throw new ConfigurationException(onnx ? "--backend onnxruntime needs --model model.onnx (from 'detect export')." : "--model is for --backend onnxruntime.");
            using var inferencer = Build(parse.GetValue(config)!, parse.GetValue(assemblies) ?? [], parse.GetValue(cfgOptions) ?? [],
                parse.GetValue(weights), parse.GetValue(device)!, warnRandom: !onnx);
            if (onnx) Onnx.Runtime.OnnxRuntimeInferencer.Attach(inferencer, model!, parse.GetValue(threads));
            return Run(inferencer, InferenceInputs.Expand(parse.GetValue(inputs)!), options);
        }, parse.GetValue(outDir)));
        return command;
    }

    /// <summary>
    /// The inferencer of <paramref name="name"/>: a torchvision model of <see cref="ModelConfigs"/> (torchvision's own
    /// settings, until the zoo records reproduce them), else the experiment found in the zoo and the given assemblies.
    /// </summary>
    /// <remarks>Without <paramref name="warnRandom"/> (another backend computes the forward) missing weights are not a warning.</remarks>
    static DetInferencer Build(string name, string[] assemblyPaths, string[] cfgOptions, string? weights, string device, bool warnRandom)
    {
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        if (ModelConfigs.TryResolve(name) is { } entry)
        {
            var model = entry.Build();
            try
            {
                if (weights is null && warnRandom) Console.Error.WriteLine($"warning: no --weights given; {name} runs with randomly initialized weights.");
                else if (weights is not null) InferencerWeights.Load(model, weights, Console.Error.WriteLine);
                model.to(DeviceSelector.Resolve(device));
                return new DetInferencer(model, InferencePipeline.LoadAndPack(), entry.Classes, log: Console.WriteLine);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        var experiment = ExperimentCatalog.Find(name, [typeof(Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly, .. ExperimentCatalog.Load(assemblyPaths)])
            .WithOptions(cfgOptions);
        Action<string> log = warnRandom ? Console.Error.WriteLine : Onnx.Runtime.OnnxRuntimeInferencer.WithoutRandomWeightsWarning(Console.Error.WriteLine);
        return DetInferencer.FromExperiment(experiment, weights, device, log);
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
