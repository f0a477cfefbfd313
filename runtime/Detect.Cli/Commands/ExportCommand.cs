using System.CommandLine;
using Detect.Config;
using Detect.Inference;
using Detect.Models.Detectors;
using Detect.Onnx.Export;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect export --config EXPERIMENT [--assembly DLL] [--weights W] --out model.onnx [--opset 17] [--dynamic-shape]
/// [--shape H W] [--batch-size N]</c>: writes a single-stage detector (RetinaNet, FCOS) as ONNX (<see cref="OnnxExporter"/>):
/// input <c>inputs</c>, the data preprocessor's normalized, padded N×3×H×W batch; outputs the head's raw
/// <c>cls_score_i</c>, <c>bbox_pred_i</c> (and <c>centerness_i</c>) per level, for <c>detect infer --backend onnxruntime</c>
/// (docs/deployment.md).
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Experiment name (zoo, or one from --assembly), e.g. RetinaNetR50Fpn1xCoco or ShapesFcos.", Required = true };
        var assemblies = new Option<string[]>("--assembly") { Description = "A built assembly with your own experiments (repeatable); the zoo is always searched." };
        var cfgOptions = new Option<string[]>("--cfg-options") { Description = "Override config keys, e.g. model.bbox_head.num_classes=3.", AllowMultipleArgumentsPerToken = true };
        var weights = new Option<string?>("--weights") { Description = "Checkpoint to export (.pth or .safetensors); without it the random initialization is exported (a warning says so)." };
        var outPath = new Option<string>("--out") { Description = "The ONNX file to write.", Required = true };
        var opset = new Option<int>("--opset") { Description = $"ONNX opset ({OnnxExportOptions.MinOpset}–{OnnxExportOptions.MaxOpset}).", DefaultValueFactory = _ => 17 };
        var dynamic = new Option<bool>("--dynamic-shape") { Description = "Symbolic batch size, height and width (any padded batch); otherwise the graph takes exactly --shape." };
        var shape = new Option<int[]>("--shape")
        {
            Description = "Height and width of the padded input batch (what the test pipeline and data preprocessor make).",
            DefaultValueFactory = _ => [800, 1216],
            AllowMultipleArgumentsPerToken = true,
        };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per batch of a fixed-shape graph.", DefaultValueFactory = _ => 1 };
        var command = new Command("export", "Write an experiment's single-stage detector as an ONNX model (raw head outputs).")
            { config, assemblies, cfgOptions, weights, outPath, opset, dynamic, shape, batchSize };
        command.SetAction(parse => ToolGuard.Run("detect export", () =>
        {
            var hw = parse.GetValue(shape)!;
            if (hw.Length != 2 || hw.Any(v => v <= 0))
                throw new ConfigurationException($"--shape takes two positive sizes (height width), got [{string.Join(", ", hw)}].");
            OnnxExportOptions options;
            try
            {
                options = new OnnxExportOptions(hw[0], hw[1], parse.GetValue(batchSize), parse.GetValue(opset), parse.GetValue(dynamic)).Validate();
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(e.Message, e);
            }
            var name = parse.GetValue(config)!;
            using var detector = Build(name, parse.GetValue(assemblies) ?? [], parse.GetValue(cfgOptions) ?? [], parse.GetValue(weights));
            var path = parse.GetValue(outPath)!;
            try
            {
                var model = OnnxExporter.Save(detector, options, path);
                var outputs = model.Graph.Output.Select(o => o.Name).ToList();
                Console.WriteLine($"{path}: {name} as ONNX opset {options.Opset}, {new FileInfo(path).Length / 1048576.0:F1} MiB, {model.Graph.Node.Count} nodes");
                Console.WriteLine($"input  {OnnxExporter.InputName}: " + (options.DynamicShape ? "batch×3×height×width" : $"{options.BatchSize}×3×{options.Height}×{options.Width}") +
                    " float32, normalized and padded by the data preprocessor");
                Console.WriteLine($"outputs: {string.Join(", ", outputs)}");
                return 0;
            }
            catch (OnnxExportException e)
            {
                File.Delete(path);
                throw new ConfigurationException($"{name}: {e.Message}", e);
            }
        }));
        return command;
    }

    // A torchvision model of ModelConfigs (as `detect infer` builds it), else the experiment; weights loaded.
    static Detector Build(string name, string[] assemblyPaths, string[] cfgOptions, string? weights)
    {
        var model = ModelConfigs.TryResolve(name) is { } entry
            ? entry.Build()
            : ExperimentParts.BuildDetector(ExperimentCatalog.Find(name, [typeof(Models.Zoo.RetinaNetR50Fpn1xCoco).Assembly, .. ExperimentCatalog.Load(assemblyPaths)])
                .WithOptions(cfgOptions));
        try
        {
            if (model is not Detector detector) throw new ConfigurationException($"{name}: model {model.GetType().Name} is not one of Detect's detectors.");
            if (weights is null) Console.Error.WriteLine($"warning: no --weights given; {name} is exported with randomly initialized weights.");
            else InferencerWeights.Load(model, weights, Console.Error.WriteLine);
            return detector;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
