using TorchSharp;

namespace Detect.Platform;

/// <summary>What a run prints about its environment, like MMEngine's "Environment info" block.</summary>
/// <param name="TorchSharpVersion">TorchSharp package version.</param>
/// <param name="LibTorchVersion">libtorch version.</param>
/// <param name="LibTorchPath">Where libtorch_cpu.so was loaded from.</param>
/// <param name="Device">The device runs will use.</param>
/// <param name="Threads">Intra-op threads libtorch uses.</param>
/// <param name="CudaAvailable">Whether CUDA is usable in this build and machine.</param>
/// <param name="ConvGradients">How CPU convolutions get right gradients here, and why (<see cref="ConvGradientPath"/>).</param>
public sealed record EnvironmentReport(
    string TorchSharpVersion, string LibTorchVersion, string LibTorchPath, string Device, int Threads, bool CudaAvailable,
    ConvGradientReport ConvGradients)
{
    /// <summary>Reads the report from the running process.</summary>
    public static EnvironmentReport Collect(string? device = "auto")
    {
        var resolved = DeviceSelector.Resolve(device);
        return new EnvironmentReport(
            TorchRuntime.TorchSharpVersion,
            TorchRuntime.LibTorchVersion,
            NativeLibraryPaths.Loaded("libtorch_cpu.so").FirstOrDefault() ?? "(not mapped)",
            resolved.ToString(),
            torch.get_num_threads(),
            torch.cuda.is_available(),
            ConvGradientPath.Ensure());
    }

    /// <summary>What a training process does about convolution gradients on this host (it may differ from an inference process's).</summary>
    public static string TrainingPath =>
        ConvGradientPath.Policy != ConvGradientPolicy.Auto ? $"DETECT_CONV_GRADIENTS={ConvGradientPath.Policy.ToString().ToLowerInvariant()}"
        : OneDnn.MaxCpuIsa is { } cap ? $"oneDNN at DNNL_MAX_CPU_ISA={cap}, as set"
        : OneDnn.HostIsWiderThan(ConvGradientPath.CapIsa) ? $"oneDNN capped at {ConvGradientPath.CapIsa} (its {OneDnn.HostIsa} kernels compute wrong convolution gradients)"
        : $"oneDNN at {OneDnn.HostIsa}";

    /// <inheritdoc />
    public override string ToString() =>
        $"""
        TorchSharp: {TorchSharpVersion}
        libtorch:   {LibTorchVersion} ({LibTorchPath})
        device:     {Device} (CUDA available: {CudaAvailable})
        threads:    {Threads}
        conv grads: this process: {ConvGradients}
                    processes that train: {TrainingPath}
        .NET:       {System.Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}
        """;
}
