using Detect.Transforms;

namespace Detect.Serving;

/// <summary>
/// What <see cref="DetectionServer"/> runs a batch of images on: the TorchSharp model through <see cref="InferencerBackend"/>
/// today, an ONNX Runtime session (DetInferencer's onnxruntime backend) once the export work lands, a fake in tests.
/// Called from one worker thread at a time; the server owns and disposes it.
/// </summary>
public interface IDetectionBackend : IDisposable
{
    /// <summary>
    /// The predictions of <paramref name="images"/> (HWC uint8 BGR, as decoded by <see cref="Transforms.Imaging.ImageDecoder"/>):
    /// one UTF-8 JSON document per image, in order, in MMDetection's prediction format (<see cref="Inference.PredictionJson"/>).
    /// </summary>
    IReadOnlyList<byte[]> Predict(IReadOnlyList<ImageBuffer> images);
}
