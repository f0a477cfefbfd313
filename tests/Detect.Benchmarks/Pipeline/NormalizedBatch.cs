using Detect.Structures;
using static TorchSharp.torch;

namespace Detect.Benchmarks.Pipeline;

/// <summary>What the benchmark's consumer receives: the normalized, padded N×3×H×W batch and its samples.</summary>
public sealed record NormalizedBatch(Tensor Inputs, IReadOnlyList<DetDataSample> Samples) : IDisposable
{
    /// <summary>Disposes the batch tensor and the samples' instances.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        foreach (var sample in Samples) sample.GtInstances?.Dispose();
        foreach (var sample in Samples) sample.IgnoredInstances?.Dispose();
    }
}
