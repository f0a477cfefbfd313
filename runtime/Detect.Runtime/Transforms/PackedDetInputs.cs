using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Transforms;

/// <summary>
/// What PackDetInputs produces for one image (MMDetection's <c>{'inputs', 'data_samples'}</c>): a
/// C×H×W uint8 BGR tensor and its data sample. Owns its tensors until collated into a DetBatch.
/// </summary>
/// <param name="Inputs">C×H×W uint8 image tensor on the CPU.</param>
/// <param name="DataSample">Meta information and ground truth.</param>
public sealed record PackedDetInputs(Tensor Inputs, DetDataSample DataSample) : IDisposable
{
    /// <summary>Disposes the image and the instances.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        DataSample.GtInstances?.Dispose();
        DataSample.IgnoredInstances?.Dispose();
        DataSample.PredInstances?.Dispose();
    }
}
