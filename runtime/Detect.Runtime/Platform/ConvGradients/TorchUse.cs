namespace Detect.Platform;

/// <summary>What a process uses libtorch for, told to <see cref="TorchRuntime.EnsureInitialized"/> before the first tensor.</summary>
public enum TorchUse
{
    /// <summary>
    /// It may train (the default, and the safe assumption): where the host's oneDNN kernels compute wrong convolution
    /// gradients, oneDNN is capped at AVX for the whole process (<see cref="ConvGradientPath"/>).
    /// </summary>
    Training,

    /// <summary>It only predicts (<c>detect infer</c>, <c>detect test</c>, conversions, benchmarks): oneDNN runs at the host's widest ISA.</summary>
    Inference,
}
