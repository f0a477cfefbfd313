using System.Reflection;
using TorchSharp;

namespace Detect.Platform;

/// <summary>
/// The one place that brings TorchSharp up and checks that it loaded the libtorch we ship.
/// </summary>
/// <remarks>
/// Call <see cref="EnsureInitialized"/> at every entry point (CLI, engine, samples) before the first
/// tensor is made. It turns TorchSharp's misleading load failure ("libtorch-cpu is not installed")
/// into a message that says what happened, and it refuses to run on a libtorch other than the one in
/// the application's folder: Debian's python3-torch puts libtorch 1.13 into /lib, and a stray
/// LD_LIBRARY_PATH could make the loader pick it up.
/// </remarks>
public static class TorchRuntime
{
    static readonly Lock Gate = new();
    static bool initialized;

    /// <summary>
    /// Loads TorchSharp's native libraries once and verifies where libtorch came from. The first call decides what the
    /// process is for (<paramref name="use"/>): a process that may train gets oneDNN capped where the host's kernels
    /// compute wrong convolution gradients (<see cref="ConvGradientPath"/>), which must happen before libtorch's first
    /// convolution.
    /// </summary>
    /// <exception cref="InvalidOperationException">TorchSharp could not load, or a foreign libtorch is loaded.</exception>
    public static void EnsureInitialized(TorchUse use = TorchUse.Training)
    {
        lock (Gate)
        {
            if (initialized) return;
            ConvGradientPath.BeforeLibTorch(use);
            try
            {
                NativeLibraryPaths.PreloadLibTorch();
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
            {
                throw new InvalidOperationException(
                    "TorchSharp's native libraries could not be loaded. On hosts whose libstdc++ is older than " +
                    "GLIBCXX_3.4.32 (Debian 12) the build patches a copy of libLibTorchSharp.so into the output " +
                    "(build/LibTorchSharpLoaderFix.targets); check that the build ran it and that " +
                    $"{NativeLibraryPaths.ExpectedDirectory} holds libLibTorchSharp.so. Inner error: {Innermost(e).Message}", e);
            }
            NativeLibraryPaths.VerifyLibTorchIsOurs();
            OneDnn.DisableNnpack();
            initialized = true;
        }
    }

    /// <summary>TorchSharp's package version, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The libtorch version TorchSharp was built for, e.g. 2.10.0.</summary>
    public static string LibTorchVersion
    {
        get
        {
            EnsureInitialized();
            return torch.__version__;
        }
    }

    static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
