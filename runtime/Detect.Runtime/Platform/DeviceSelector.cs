using TorchSharp;

namespace Detect.Platform;

/// <summary>
/// Turns a user's device choice (<c>--device</c> on the command line, <c>Device</c> in a config) into
/// a TorchSharp device. <c>auto</c> (the default) means CUDA when it is available, else CPU.
/// </summary>
public static class DeviceSelector
{
    /// <summary>Resolves <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    /// <exception cref="ArgumentException">The name is not a device, or CUDA was asked for and is unavailable.</exception>
    public static torch.Device Resolve(string? requested = "auto")
    {
        TorchRuntime.EnsureInitialized();
        string name = string.IsNullOrWhiteSpace(requested) ? "auto" : requested.Trim().ToLowerInvariant();
        if (name == "auto") return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (name == "cpu") return torch.CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException(
                    $"Device '{requested}' was requested but CUDA is not available: this build uses the " +
                    "TorchSharp CPU backend (build with -p:TorchBackend=cuda) or no GPU is visible.", nameof(requested));
            return new torch.Device(name);
        }
        throw new ArgumentException($"Unknown device '{requested}': use auto, cpu, cuda or cuda:N.", nameof(requested));
    }
}
