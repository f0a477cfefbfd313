using System.Runtime.InteropServices;

namespace Detect.Platform;

/// <summary>Where the process loaded its native libraries from, read from <c>/proc/self/maps</c>.</summary>
public static class NativeLibraryPaths
{
    /// <summary>The folder the build copies libtorch into (the libtorch-cpu-linux-x64 package's layout).</summary>
    public static string ExpectedDirectory =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    /// <summary>
    /// libtorch's core libraries in dependency order. Loading them by full path first means that when
    /// TorchSharp's bridge asks the loader for "libc10.so" or "libtorch.so" it gets the already loaded
    /// copies (the loader matches by soname), whatever LD_LIBRARY_PATH or /lib holds.
    /// </summary>
    static readonly string[] LibTorchCore = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>Loads libtorch's core libraries from <see cref="ExpectedDirectory"/> when they are there.</summary>
    public static void PreloadLibTorch()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var name in LibTorchCore)
        {
            string path = Path.Combine(ExpectedDirectory, name);
            if (File.Exists(path)) NativeLibrary.Load(path);
        }
    }

    /// <summary>Full paths of the mapped shared objects whose file name starts with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Loaded(string prefix)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : "")
            .Where(path => Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal))
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// Throws when a libtorch_cpu or libc10 mapped into the process does not come from the application's
    /// own folder. Only checked on Linux, where /proc/self/maps exists.
    /// </summary>
    public static void VerifyLibTorchIsOurs()
    {
        if (!OperatingSystem.IsLinux()) return;
        string appDir = Path.GetFullPath(AppContext.BaseDirectory);
        var foreign = Loaded("libtorch_cpu.so").Concat(Loaded("libc10.so"))
            .Where(path => !Path.GetFullPath(path).StartsWith(appDir, StringComparison.Ordinal))
            .ToList();
        if (foreign.Count > 0)
            throw new InvalidOperationException(
                $"A libtorch from outside the application folder is loaded: {string.Join(", ", foreign)}. " +
                $"Detect needs libtorch 2.10 from {ExpectedDirectory}; unset LD_LIBRARY_PATH/LD_PRELOAD entries " +
                "that point at another libtorch (Debian's python3-torch installs 1.13 into /lib).");
    }
}
