using System.Diagnostics;

namespace Detect.Distributed.Tests;

/// <summary>Starts the worker under MPICH's <c>mpiexec</c> with a time limit; what it printed and how long it took.</summary>
static class Mpiexec
{
    /// <summary>MPICH's launcher (Debian's <c>mpich</c> package; <c>.ci/run</c> installs it), or null when absent.</summary>
    public static string? Path { get; } = new[] { "/usr/bin/mpiexec.mpich", "/usr/bin/mpiexec.hydra" }.FirstOrDefault(File.Exists);

    /// <summary>Why the multi-process tests skip, or null when they can run.</summary>
    public static string? SkipReason => Path is null ? "MPICH's mpiexec is not installed (apt-get install mpich; .ci/run does it)" : null;

    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    /// <summary>Runs <c>mpiexec -n <paramref name="ranks"/> dotnet Detect.Distributed.Worker.dll args</c>; kills it after <paramref name="limit"/>.</summary>
    public static Result Run(int ranks, TimeSpan limit, params string[] args)
    {
        var worker = System.IO.Path.Combine(AppContext.BaseDirectory, "Detect.Distributed.Worker.dll");
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", worker, .. args]) start.ArgumentList.Add(a);
        return Start(start, limit);
    }

    /// <summary>Runs the worker as one plain process (no launcher).</summary>
    public static Result Alone(TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[System.IO.Path.Combine(AppContext.BaseDirectory, "Detect.Distributed.Worker.dll"), .. args]) start.ArgumentList.Add(a);
        return Start(start, limit);
    }

    static Result Start(ProcessStartInfo start, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} ran past {limit.TotalSeconds} s: {stdout.Result}{stderr.Result}");
        }
        return new Result(process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}
