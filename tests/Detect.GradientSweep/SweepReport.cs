using Detect.Platform;

namespace Detect.GradientSweep;

/// <summary>Everything the sweep's report shows: the convolution sweep under every ISA level and the detectors' training steps.</summary>
/// <param name="Cpu">The host's CPU model (<c>/proc/cpuinfo</c>).</param>
/// <param name="HostIsa">The widest oneDNN ISA the host offers.</param>
/// <param name="Date">When it ran (UTC).</param>
/// <param name="Cases">The convolution configurations.</param>
/// <param name="Convs">The convolution sweep, one run per ISA level.</param>
/// <param name="Detectors">The detectors' steps, per ISA level and policy.</param>
/// <param name="Minutes">Wall time of the whole report.</param>
public sealed record SweepReport(string Cpu, string HostIsa, DateTime Date, IReadOnlyList<ConvCase> Cases, IReadOnlyList<ConvSweepRun> Convs,
    IReadOnlyList<SweepChildRun<DetectorGradientResult>> Detectors, double Minutes)
{
    /// <summary>
    /// The detectors' runs: AVX (the cap of Detect's training processes), oneDNN's default level as it is (the defect)
    /// and with oneDNN off during backward (the fallback).
    /// </summary>
    public static readonly (string? Isa, string Policy)[] DetectorRuns = [("AVX", "native"), (null, "native"), (null, "backward-off")];

    /// <summary>Runs everything in child processes (several minutes on 2 cores); progress goes to <paramref name="log"/>.</summary>
    public static SweepReport Collect(TextWriter log)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (cases, convs) = ConvSweep.RunLevels(IsaLevels.Supported(), log);
        var detectors = new List<SweepChildRun<DetectorGradientResult>>();
        foreach (var (level, policy) in DetectorRuns)
        {
            detectors.Add(DetectorGradients.Run(level, policy));
            log.WriteLine($"detectors, DNNL_MAX_CPU_ISA={IsaLevels.Label(level)}, {policy}: {detectors[^1].Seconds:F0} s");
        }
        return new SweepReport(CpuModel(), OneDnn.HostIsa, DateTime.UtcNow, cases, convs, detectors, clock.Elapsed.TotalMinutes);
    }

    /// <summary>The first "model name" of <c>/proc/cpuinfo</c>, or "unknown CPU".</summary>
    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':') + 1)..].Trim()
            : "unknown CPU";
}
