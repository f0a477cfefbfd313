using Detect.Config;
using Detect.Inference;
using Detect.Models.Detectors;

namespace Detect.Onnx.Runtime;

/// <summary>
/// <see cref="DetInferencer"/> with the ONNX Runtime backend: the experiment's test pipeline, data preprocessor and
/// head post-processing (TorchSharp, the same code as the default backend), with the backbone, neck and head forward
/// replaced by an exported graph (<see cref="OnnxRuntimeDenseForward"/>); or, for a graph exported with
/// <c>--with-postprocess</c> (outputs <c>dets</c>, <c>labels</c>), the forward and post-processing replaced by it
/// (<see cref="OnnxRuntimeDetectionForward"/>), the boxes only rescaled to the original image.
/// </summary>
public static class OnnxRuntimeInferencer
{
    /// <summary>The inferencer of <paramref name="experiment"/> running <paramref name="modelPath"/>.</summary>
    /// <param name="experiment">The experiment the model was exported from (pipeline, post-processing settings).</param>
    /// <param name="modelPath">The ONNX file from <c>detect export</c>.</param>
    /// <param name="weights">The checkpoint, optional: only its class names are used (the graph carries the weights).</param>
    /// <param name="intraOpThreads">ONNX Runtime's intra-op threads; 0 lets it choose.</param>
    /// <param name="log">Where warnings go.</param>
    /// <exception cref="ConfigurationException">A raw-output graph for a detector that is not single-stage.</exception>
    public static DetInferencer FromExperiment(IExperiment experiment, string modelPath, string? weights = null, int intraOpThreads = 0,
        Action<string>? log = null)
    {
        log ??= Console.Error.WriteLine;
        var inferencer = DetInferencer.FromExperiment(experiment, weights, "cpu", WithoutRandomWeightsWarning(log));
        try
        {
            return Attach(inferencer, modelPath, intraOpThreads);
        }
        catch
        {
            inferencer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <paramref name="log"/> without <see cref="DetInferencer.FromExperiment(IExperiment, string?, string, Action{string}?)"/>'s
    /// warning that a model without weights runs randomly initialized: with this backend the TorchSharp modules only
    /// preprocess and post-process, and the graph carries the weights.
    /// </summary>
    public static Action<string> WithoutRandomWeightsWarning(Action<string> log) =>
        line => { if (!line.StartsWith("warning: no weights given", StringComparison.Ordinal)) log(line); };

    /// <summary>
    /// Makes <paramref name="inferencer"/> (built for the model <paramref name="modelPath"/> was exported from) run that
    /// graph for its detector's forward; returns it.
    /// </summary>
    /// <exception cref="ConfigurationException">A raw-output graph for a detector that is not single-stage.</exception>
    public static DetInferencer Attach(DetInferencer inferencer, string modelPath, int intraOpThreads = 0)
    {
        // The graph's kind, from its output names: dets/labels (post-processing in the graph) or the head's raw outputs.
        if (inferencer.Model is Detector model && OnnxSessions.IsPostProcessed(modelPath))
        {
            var detections = new OnnxRuntimeDetectionForward(modelPath, intraOpThreads);
            model.DetectionBackend?.Dispose();
            model.DetectionBackend = detections;
            return inferencer;
        }
        if (inferencer.Model is not SingleStageDetector detector)
            throw new ConfigurationException($"{modelPath} has a dense head's raw outputs, which the ONNX Runtime backend post-processes for single-stage " +
                $"detectors only; {inferencer.Model.GetType().Name} is not one (export it again: two-stage graphs carry their post-processing).");
        var backend = new OnnxRuntimeDenseForward(modelPath, intraOpThreads);
        detector.DenseBackend?.Dispose();
        detector.DenseBackend = backend;
        return inferencer;
    }
}
