using Detect.Platform;

namespace Detect.GradientSweep;

/// <summary>The <c>DNNL_MAX_CPU_ISA</c> levels the sweep runs under on this host.</summary>
public static class IsaLevels
{
    /// <summary>oneDNN's x64 levels, narrowest first, as <c>DNNL_MAX_CPU_ISA</c> names them.</summary>
    public static readonly string[] All = ["SSE41", "AVX", "AVX2", "AVX512_CORE"];

    /// <summary>Null (the variable unset: oneDNN's own choice) and every level up to the host's widest.</summary>
    public static IReadOnlyList<string?> Supported()
    {
        int widest = Array.FindIndex(All, level => string.Equals(level, OneDnn.HostIsa, StringComparison.OrdinalIgnoreCase));
        return [null, .. All.Take(widest + 1)];
    }

    /// <summary>How a level is shown: its name, or "default" for unset.</summary>
    public static string Label(string? level) => level ?? "default";
}
