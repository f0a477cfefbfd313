using System.CommandLine;
using System.Globalization;
using Detect.Config;
using Detect.Inference;
using Detect.Models.Detectors;
using Detect.Onnx.Export;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect export --config EXPERIMENT [--assembly DLL] [--weights W] --out model.onnx [--opset 17] [--dynamic-shape]
/// [--shape H W] [--batch-size N] [--with-postprocess]</c>: writes a single-stage detector (RetinaNet, FCOS) as ONNX
/// (<see cref="OnnxExporter"/>): input <c>inputs</c>, the data preprocessor's normalized, padded N×3×H×W batch; outputs the
/// head's raw <c>cls_score_i</c>, <c>bbox_pred_i</c> (and <c>centerness_i</c>) per level, or with <c>--with-postprocess</c>
/// <c>dets</c> and <c>labels</c> (a second input <c>img_shape</c>), for <c>detect infer --backend onnxruntime</c>; a
/// two-stage detector (Faster R-CNN, Cascade R-CNN; Mask R-CNN and Cascade Mask R-CNN with a third output, masks) always
/// the latter (docs/deployment.md).
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new InferenceModelOptions("Experiment name (zoo, or one from --assembly), e.g. RetinaNetR50Fpn1xCoco or ShapesFcos.");
        model.Weights.Description = "Checkpoint to export (.pth or .safetensors); without it the random initialization is exported (a warning says so).";
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
        var withPostprocess = new Option<bool>("--with-postprocess")
        {
            Description = "Put the head's post-processing (decode, score_thr, nms_pre, NMS, max_per_img) in the graph: outputs dets, labels; batch size 1 (with --dynamic-shape: any height and width).",
        };
        var command = new Command("export", "Write an experiment's detector as an ONNX model (single-stage: raw head outputs, or dets/labels with --with-postprocess; two-stage: always dets/labels, and masks for (Cascade) Mask R-CNN).")
            { outPath, opset, dynamic, shape, batchSize, withPostprocess };
        foreach (var option in model.Naming) command.Options.Add(option);
        command.SetAction(parse => ToolGuard.Run("detect export", () =>
        {
            var hw = parse.GetValue(shape)!;
            if (hw.Length != 2 || hw.Any(v => v <= 0))
                throw new ConfigurationException($"--shape takes two positive sizes (height width), got [{string.Join(", ", hw)}].");
            OnnxExportOptions options;
            try
            {
                options = new OnnxExportOptions(hw[0], hw[1], parse.GetValue(batchSize), parse.GetValue(opset), parse.GetValue(dynamic),
                    parse.GetValue(withPostprocess)).Validate();
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(e.Message, e);
            }
            var name = parse.GetValue(model.Config)!;
            using var detector = Build(model, parse);
            var path = parse.GetValue(outPath)!;
            try
            {
                var graph = OnnxExporter.Save(detector, options, path);
                var outputs = graph.Graph.Output.Select(o => o.Name).ToList();
                Console.WriteLine($"{path}: {name} as ONNX opset {options.Opset}, {new FileInfo(path).Length / 1048576.0:F1} MiB, {graph.Graph.Node.Count} nodes");
                // The dimensions as the graph declares them (symbolic ones by name).
                var dims = graph.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => string.IsNullOrEmpty(d.DimParam) ? d.DimValue.ToString(CultureInfo.InvariantCulture) : d.DimParam);
                Console.WriteLine($"input  {OnnxExporter.InputName}: {string.Join("×", dims)} float32, normalized and padded by the data preprocessor");
                if (graph.Graph.Input.Count > 1)
                    Console.WriteLine($"input  {graph.Graph.Input[1].Name}: float32 [height, width] of the resized image inside the padded batch (boxes are clipped to it)");
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

    // The experiment (zoo or --assembly), as `detect infer` builds it; weights loaded.
    static Detector Build(InferenceModelOptions options, ParseResult parse)
    {
        string name = parse.GetValue(options.Config)!;
        string? weights = parse.GetValue(options.Weights);
        var model = ExperimentParts.BuildDetector(options.FindExperiment(parse));
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
