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
    /// <summary>
    /// Each image's detections (boxes in the coordinates of the preprocessed batch) for an N×3×H×W batch; for a mask
    /// model with each detection's own-class mask probabilities on its box (n×M×M) as the masks, which the detector
    /// pastes into the image as its own mask head's results.
    /// </summary>
    IReadOnlyList<InstanceData> Predict(Tensor inputs, IReadOnlyList<ImageMeta> metas);
}
