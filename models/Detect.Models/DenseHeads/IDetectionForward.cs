using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Models.DenseHeads;

/// <summary>
/// Another engine that computes a detector's detections, post-processing included, from its preprocessed
/// batch (ONNX Runtime running a graph exported with its post-processing: <c>Detect.Onnx</c>). The detector keeps
/// its own preprocessing and only rescales the boxes to the original images.
/// </summary>
public interface IDetectionForward : IDisposable
{
    /// <summary>Each image's detections (boxes in the coordinates of the preprocessed batch) for an N×3×H×W batch.</summary>
    IReadOnlyList<InstanceData> Predict(Tensor inputs, IReadOnlyList<ImageMeta> metas);
}
