using Detect.Onnx.Export;
using Detect.Onnx.PostProcessing;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Detect.Onnx.Runtime;

/// <summary>What the ONNX Runtime backends share: opening a graph from <c>detect export</c>, telling its kind, feeding it a batch.</summary>
public static class OnnxSessions
{
    /// <summary>An ONNX Runtime session (CPU execution provider) on <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">An ONNX file from <c>detect export</c>.</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads; 0 lets it choose.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load it.</exception>
    public static InferenceSession Open(string modelPath, int intraOpThreads)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"{modelPath}: no such ONNX model.", modelPath);
        using var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{modelPath}: ONNX Runtime cannot load it: {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether the model at <paramref name="modelPath"/> has the post-processing in it (outputs <c>dets</c> and
    /// <c>labels</c>, from <c>--with-postprocess</c>) rather than the head's raw outputs; read from its output names.
    /// </summary>
    public static bool IsPostProcessed(string modelPath)
    {
        using var session = Open(modelPath, 1);
        return IsPostProcessed(session);
    }

    /// <summary>Whether <paramref name="session"/>'s outputs are <c>dets</c> and <c>labels</c> (and, from Mask R-CNN, <c>masks</c>).</summary>
    public static bool IsPostProcessed(InferenceSession session)
    {
        var outputs = session.OutputMetadata.Keys.ToHashSet();
        return outputs.SetEquals([DensePostProcessExport.DetsName, DensePostProcessExport.LabelsName])
            || outputs.SetEquals([DensePostProcessExport.DetsName, DensePostProcessExport.LabelsName, DensePostProcessExport.MasksName]);
    }

    /// <summary>The batch as an ONNX Runtime value, after checking it against the fixed dimensions of the model's <c>inputs</c>.</summary>
    /// <exception cref="ArgumentException">The batch's shape differs from a fixed-shape model's.</exception>
    public static OrtValue Batch(InferenceSession session, string modelPath, Tensor inputs)
    {
        int[] dims = session.InputMetadata[OnnxExporter.InputName].Dimensions;
        long[] shape = inputs.shape;
        for (int i = 0; i < dims.Length && i < shape.Length; i++)
            if (dims[i] > 0 && dims[i] != shape[i])
                throw new ArgumentException($"{modelPath} was exported for input batches of {string.Join("×", dims)} but the test pipeline made " +
                    $"{string.Join("×", shape)}; export with --dynamic-shape (or --shape matching the padded batch).");
        using var cpu = inputs.to(ScalarType.Float32).cpu().contiguous();
        var data = cpu.numel() == 0 ? [] : cpu.data<float>().ToArray();
        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }
}
