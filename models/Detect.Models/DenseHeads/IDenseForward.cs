using static TorchSharp.torch;

namespace Detect.Models.DenseHeads;

/// <summary>
/// Another engine that computes a single-stage detector's raw dense-head outputs from its preprocessed batch (ONNX
/// Runtime running an exported graph: <c>Detect.Onnx</c>). The detector keeps its own preprocessing and post-processing.
/// </summary>
public interface IDenseForward : IDisposable
{
    /// <summary>The raw outputs for an N×3×H×W preprocessed batch, as tensors on the batch's device.</summary>
    DenseHeadOutputs Forward(Tensor inputs);
}
