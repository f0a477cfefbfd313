using Detect.Models.DenseHeads;
using Detect.Models.Detectors;
using Detect.Onnx.Graph;
using Detect.Onnx.PostProcessing;
using Detect.Onnx.RoIHeads;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Detect.Onnx.Export;

/// <summary>
/// Writes a detector as an ONNX model from its own module tree (TorchSharp cannot trace to ONNX). The graph takes the
/// batch the data preprocessor makes — <see cref="InputName"/>, N×3×H×W float32, normalized, RGB/BGR as configured,
/// padded — and returns the dense head's raw outputs per level: <c>cls_score_i</c>, <c>bbox_pred_i</c> and, for heads
/// with score factors (FCOS), <c>centerness_i</c>; the ONNX Runtime backend runs the head's own <c>PredictByFeat</c> on
/// these. With <see cref="OnnxExportOptions.WithPostprocess"/> the head's post-processing is in the graph too
/// (<see cref="DensePostProcessExport"/>): a second input <c>img_shape</c> and outputs <c>dets</c>, <c>labels</c>; only the
/// rescale to the original image is left to the backend.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The graph's input.</summary>
    public const string InputName = "inputs";

    /// <summary>Output names of a head's raw outputs, in <see cref="DenseHeadOutputs"/> order.</summary>
    public const string ClsScore = "cls_score", BboxPred = "bbox_pred", Centerness = "centerness";

    /// <summary>The ONNX model of <paramref name="detector"/> (put in evaluation mode).</summary>
    /// <exception cref="OnnxExportException">A module has no ONNX form (the message names its path and type).</exception>
    public static ModelProto Export(Detector detector, OnnxExportOptions options)
    {
        options.Validate();
        detector.eval();
        // Proposals need NMS whatever the output: two-stage detectors are always written with their post-processing.
        bool postprocess = options.WithPostprocess || detector is TwoStageDetector;
        if (postprocess && !options.WithPostprocess && options.BatchSize != 1)
            throw new OnnxExportException($"{detector.GetType().Name} is exported with its post-processing (the RPN's proposals need NMS), which takes " +
                "one image per batch; drop --batch-size.");
        var layout = TraceLayout(detector, options);
        var graph = new OnnxGraph();
        bool withMasks = false;
        // A post-processed graph takes one image: only its height and width are symbolic.
        object[] inputDims = options.DynamicShape ? [postprocess ? 1L : "batch", 3L, "height", "width"] : [(long)options.BatchSize, 3L, (long)options.Height, (long)options.Width];
        var input = graph.Input(InputName, inputDims);
        var imgShape = postprocess ? graph.Input(DensePostProcessExport.ImgShapeName, [2L]) : null;
        var sizes = layout.Take(LevelCount(layout)).Select(l => ((int)l.Dims[2], (int)l.Dims[3])).ToList();
        var context = new ExportContext(graph, ModuleForms.All)
        {
            InputSize = options.DynamicShape ? null : (options.Height, options.Width),
            FeatmapSizes = options.DynamicShape ? null : sizes,
        };
        using (no_grad())
        {
            if (detector is TwoStageDetector)
            {
                var outputs = context.Emit(detector, "", [input, imgShape!]);
                Declare(graph, "rcnn_postprocess", outputs[0], outputs[1], outputs[2]);
                if (outputs.Count > 3)
                {
                    long size = RoIStagesExport.MaskSize(((TwoStageDetector)detector).RoiHead.MaskRoiExtractor!);
                    graph.Output(DensePostProcessExport.MasksName, outputs[3], ["num_dets", 1L, size, size]);
                    withMasks = true;
                }
            }
            else
            {
                var outputs = context.Emit(detector, "", [input]);
                if (outputs.Count != layout.Count)
                    throw new OnnxExportException($"the exported graph has {outputs.Count} outputs but {detector.GetType().Name}'s head returns {layout.Count}.");
                if (postprocess)
                {
                    var head = ((SingleStageDetector)detector).BboxHead;
                    var (boxes, scores, labels) = DensePostProcessExport.Emit(graph, head, outputs, input,
                        options.DynamicShape ? null : ((options.Height, options.Width), sizes), imgShape!);
                    Declare(graph, "postprocess", boxes, scores, labels);
                }
                else for (int i = 0; i < outputs.Count; i++)
                {
                    var (name, dims) = layout[i];
                    graph.Output(name, outputs[i], options.DynamicShape ? ["batch", dims[1], $"{name}_height", $"{name}_width"] : [.. dims.Cast<object>()]);
                }
            }
        }
        var metadata = new Dictionary<string, string>
        {
            ["detect.detector"] = detector.GetType().Name,
            ["detect.input"] = $"{InputName}: N×3×H×W float32, the data preprocessor's normalized, padded batch",
            ["detect.outputs"] = postprocess ? $"{DensePostProcessExport.DetsName},{DensePostProcessExport.LabelsName}" + (withMasks ? $",{DensePostProcessExport.MasksName}" : "")
                : string.Join(",", layout.Select(l => l.Name)),
        };
        return graph.ToModel(options.Opset, typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0", metadata);
    }

    /// <summary>Exports <paramref name="detector"/> to the file <paramref name="path"/>.</summary>
    public static ModelProto Save(Detector detector, OnnxExportOptions options, string path)
    {
        var model = Export(detector, options);
        using var file = File.Create(path);
        model.WriteTo(file);
        return model;
    }

    /// <summary>The names of a head's raw outputs by level, in <see cref="DenseHeadOutputs"/> order.</summary>
    public static IReadOnlyList<string> OutputNames(int levels, bool withCenterness) =>
    [
        .. Enumerable.Range(0, levels).Select(i => $"{ClsScore}_{i}"),
        .. Enumerable.Range(0, levels).Select(i => $"{BboxPred}_{i}"),
        .. withCenterness ? Enumerable.Range(0, levels).Select(i => $"{Centerness}_{i}") : [],
    ];

    // The outputs of a post-processed graph: dets (n×5) and labels (n, int64).
    static void Declare(OnnxGraph graph, string root, string boxes, string scores, string labels)
    {
        graph.Output(DensePostProcessExport.DetsName, DensePostProcessExport.Dets(graph, root, boxes, scores), ["num_dets", 5L]);
        graph.Output(DensePostProcessExport.LabelsName, labels, ["num_dets"], TensorProto.Types.DataType.Int64);
    }

    static int LevelCount(IReadOnlyList<(string Name, long[] Dims)> layout) => layout.Count(l => l.Name.StartsWith(ClsScore + "_", StringComparison.Ordinal));

    // One TorchSharp forward on a zero batch: the outputs' names and shapes (the graph declares them).
    static IReadOnlyList<(string Name, long[] Dims)> TraceLayout(Detector detector, OnnxExportOptions options)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outs = detector.ForwardDense(zeros([options.BatchSize, 3, options.Height, options.Width], detector.Dtype, detector.Device));
        Tensor[] all = [.. outs.ClsScores, .. outs.BboxPreds, .. outs.ScoreFactors ?? []];
        var names = OutputNames(outs.ClsScores.Length, outs.ScoreFactors is not null);
        return [.. names.Select((name, i) => (name, all[i].shape))];
    }
}
