using static TorchSharp.torch;

namespace Detect.Structures;

/// <summary>
/// What the data loader hands the model: one image tensor and one data sample per image. Images are
/// C×H×W, uint8, channel order BGR (as MMDetection's LoadImageFromFile), still unnormalized and
/// unpadded; the model's data preprocessor moves them to the device, converts, normalizes and pads.
/// </summary>
/// <param name="Inputs">Per-image C×H×W tensors (sizes may differ).</param>
/// <param name="Samples">Per-image data samples, same order.</param>
public sealed record DetBatch(IReadOnlyList<Tensor> Inputs, IReadOnlyList<DetDataSample> Samples) : IDisposable
{
    /// <summary>Number of images.</summary>
    public int Count => Inputs.Count;

    /// <summary>Disposes the images and every sample's instances.</summary>
    public void Dispose()
    {
        foreach (var input in Inputs) input.Dispose();
        foreach (var sample in Samples)
        {
            sample.GtInstances?.Dispose();
            sample.IgnoredInstances?.Dispose();
            sample.PredInstances?.Dispose();
        }
    }
}
