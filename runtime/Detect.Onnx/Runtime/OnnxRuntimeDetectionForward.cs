using Detect.Models.DenseHeads;
using Detect.Onnx.Export;
using Detect.Onnx.PostProcessing;
using Detect.Structures;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Detect.Onnx.Runtime;

/// <summary>
/// Runs a graph exported with <c>--with-postprocess</c> (inputs <c>inputs</c> and <c>img_shape</c>, outputs <c>dets</c>
/// and <c>labels</c>) in ONNX Runtime (CPU execution provider), one image at a time, and returns each image's
/// detections in the preprocessed batch's coordinates (<see cref="Models.Detectors.Detector.DetectionBackend"/>); from a
/// Mask R-CNN graph (output <c>masks</c>, n×1×M×M) with each detection's own-class mask probabilities (n×M×M) as
/// <see cref="InstanceData.Masks"/>, which the detector pastes into the image.
/// </summary>
public sealed class OnnxRuntimeDetectionForward : IDetectionForward
{
    readonly InferenceSession session;

    /// <summary>Opens <paramref name="modelPath"/>.</summary>
    /// <param name="modelPath">An ONNX file from <c>detect export --with-postprocess</c>.</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads; 0 lets it choose.</param>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a post-processed model Detect exported.</exception>
    public OnnxRuntimeDetectionForward(string modelPath, int intraOpThreads = 0)
    {
        session = OnnxSessions.Open(modelPath, intraOpThreads);
        if (!OnnxSessions.IsPostProcessed(session) || !session.InputMetadata.ContainsKey(OnnxExporter.InputName)
            || !session.InputMetadata.ContainsKey(DensePostProcessExport.ImgShapeName))
        {
            var outputs = string.Join(", ", session.OutputMetadata.Keys);
            session.Dispose();
            throw new InvalidDataException($"{modelPath}: not a model from 'detect export --with-postprocess' (inputs '{OnnxExporter.InputName}', " +
                $"'{DensePostProcessExport.ImgShapeName}'; outputs '{DensePostProcessExport.DetsName}', '{DensePostProcessExport.LabelsName}'); it has outputs {outputs}.");
        }
        ModelPath = modelPath;
        WithMasks = session.OutputMetadata.ContainsKey(DensePostProcessExport.MasksName);
    }

    /// <summary>Whether the graph also gives masks (Mask R-CNN): each detection's own-class probabilities, n×M×M.</summary>
    public bool WithMasks { get; }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The batch's shape differs from the model's.</exception>
    public IReadOnlyList<InstanceData> Predict(Tensor inputs, IReadOnlyList<ImageMeta> metas)
    {
        var results = new List<InstanceData>(metas.Count);
        for (int i = 0; i < metas.Count; i++)
        {
            using var image = inputs[i..(i + 1)];
            using var batch = OnnxSessions.Batch(session, ModelPath, image);
            var (h, w) = metas[i].ImgShape;
            using var imgShape = OrtValue.CreateTensorValueFromMemory(new float[] { h, w }, [2]);
            using var runOptions = new RunOptions();
            string[] names = WithMasks ? [DensePostProcessExport.DetsName, DensePostProcessExport.LabelsName, DensePostProcessExport.MasksName]
                : [DensePostProcessExport.DetsName, DensePostProcessExport.LabelsName];
            using var outputs = session.Run(runOptions,
                new Dictionary<string, OrtValue> { [OnnxExporter.InputName] = batch, [DensePostProcessExport.ImgShapeName] = imgShape }, names);
            var dets = tensor(outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape, ScalarType.Float32);
            var labels = tensor(outputs[1].GetTensorDataAsSpan<long>().ToArray(), ScalarType.Int64);
            var masks = WithMasks ? tensor(outputs[2].GetTensorDataAsSpan<float>().ToArray(), outputs[2].GetTensorTypeAndShape().Shape, ScalarType.Float32).squeeze(1).to(inputs.device) : null;
            results.Add(new InstanceData(dets[.., ..4].to(inputs.device), labels.to(inputs.device), dets[.., 4].to(inputs.device), masks));
        }
        return results;
    }

    /// <inheritdoc/>
    public void Dispose() => session.Dispose();
}
