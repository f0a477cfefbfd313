using System.Diagnostics;
using System.Text.Json;

namespace Detect.GradientSweep;

/// <summary>
/// Runs this program's measurements in child processes under a chosen oneDNN ISA and reads their results back:
/// a child of its own per level, because oneDNN reads <c>DNNL_MAX_CPU_ISA</c> once, from the process environment,
/// before its first primitive.
/// </summary>
public static class SweepChild
{
    /// <summary>This program's assembly, run with <c>dotnet exec</c>.</summary>
    public static string Program => typeof(SweepChild).Assembly.Location;

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// Runs <c>MODE ARGS --out FILE --from K</c> until steps 0..<paramref name="count"/>−1 all have a line: a child that
    /// dies (a signal from libtorch) gets that step marked with how it died, and the next child starts after it; a child
    /// that dies after its last step is reported as <see cref="SweepChildRun{T}.ExitFailure"/>.
    /// </summary>
    /// <param name="mode">The program's mode (a <see cref="SweepSteps"/> loop).</param>
    /// <param name="args">Its other arguments.</param>
    /// <param name="count">Its steps.</param>
    /// <param name="isa"><c>DNNL_MAX_CPU_ISA</c> (unset for null).</param>
    /// <param name="policy"><c>DETECT_CONV_GRADIENTS</c> for the child: native (libtorch as it is, at <paramref name="isa"/>) or backward-off.</param>
    /// <param name="timeoutSeconds">Per child.</param>
    public static SweepChildRun<T> RunSteps<T>(string mode, IEnumerable<string> args, int count, string? isa, string policy = "native", int timeoutSeconds = 600)
    {
        string output = TempFile(".jsonl");
        var clock = Stopwatch.StartNew();
        var deaths = new Dictionary<int, string>();
        string? exitFailure = null;
        try
        {
            for (int from = 0, children = 0; from < count; children++)
            {
                var (exitCode, stdout) = Start([mode, .. args, "--out", output, "--from", from.ToString(System.Globalization.CultureInfo.InvariantCulture)], isa, policy, timeoutSeconds);
                int done = Math.Max(from, SweepSteps.Read<T>(output).Select(s => s.Step + 1).DefaultIfEmpty(from).Max());
                if (done >= count)
                {
                    // Every step measured, then the process died on its way out: memory was corrupted (seen in oneDNN's primitive cache).
                    if (exitCode != 0) exitFailure = $"{Death(exitCode)} after its last step";
                    break;
                }
                if (children > count)
                    throw new InvalidOperationException($"{mode} under DNNL_MAX_CPU_ISA={IsaLevels.Label(isa)} keeps failing at step {done}:\n{stdout}");
                deaths[done] = Death(exitCode);
                from = done + 1;
            }
            var steps = SweepSteps.Read<T>(output).ToDictionary(s => s.Step);
            foreach (var (step, death) in deaths) steps[step] = new SweepStep<T>(step, default, death, 0);
            return new SweepChildRun<T>(IsaLevels.Label(isa), policy, [.. Enumerable.Range(0, count).Select(i => steps[i])], deaths.Count + 1, exitFailure, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Runs a mode that writes one JSON report (<c>MODE --out FILE</c>) and reads it.</summary>
    public static T RunOnce<T>(string mode, int timeoutSeconds = 300)
    {
        string output = TempFile(".json");
        try
        {
            var (exitCode, stdout) = Start([mode, "--out", output], isa: null, policy: "native", timeoutSeconds);
            if (exitCode != 0) throw new InvalidOperationException($"{mode} exited with {Death(exitCode)}:\n{stdout}");
            return Read<T>(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Reads a file <see cref="Write{T}"/> wrote.</summary>
    public static T Read<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)!;

    /// <summary>Writes a report for <see cref="RunOnce{T}"/> to read.</summary>
    public static void Write<T>(string path, T report) => File.WriteAllText(path, JsonSerializer.Serialize(report, Json));

    static (int ExitCode, string Stdout) Start(IEnumerable<string> args, string? isa, string policy, int timeoutSeconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", Program }.Concat(args)) start.ArgumentList.Add(arg);
        start.Environment.Remove("DNNL_MAX_CPU_ISA");
        start.Environment.Remove("ONEDNN_VERBOSE");
        if (isa is not null) start.Environment["DNNL_MAX_CPU_ISA"] = isa;
        start.Environment["DETECT_CONV_GRADIENTS"] = policy;
        // libtorch's OpenMP threads otherwise spin while they wait, which on a busy 2-core host costs the sweep ten times its time.
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} under DNNL_MAX_CPU_ISA={IsaLevels.Label(isa)} did not finish in {timeoutSeconds} s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    // dotnet reports a child killed by signal N as exit code 128 + N.
    static string Death(int exitCode) => exitCode switch
    {
        136 => "the process died of SIGFPE (inside libtorch)",
        134 => "the process aborted (SIGABRT)",
        139 => "the process died of SIGSEGV",
        _ => $"the process exited with {exitCode}",
    };

    static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"detect-sweep-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");
}

/// <summary>What <see cref="SweepChild.RunSteps{T}"/> collected under one ISA level.</summary>
/// <param name="Isa">The <c>DNNL_MAX_CPU_ISA</c> level, or "default".</param>
/// <param name="Policy">The child's <c>DETECT_CONV_GRADIENTS</c>: native or backward-off.</param>
/// <param name="Steps">Every step's result or failure.</param>
/// <param name="Children">Processes it took (one more per crash).</param>
/// <param name="ExitFailure">How the last process died after measuring everything, or null when it exited cleanly.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record SweepChildRun<T>(string Isa, string Policy, IReadOnlyList<SweepStep<T>> Steps, int Children, string? ExitFailure, double Seconds);
