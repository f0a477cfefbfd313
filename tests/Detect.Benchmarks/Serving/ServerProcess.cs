using System.Diagnostics;

namespace Detect.Benchmarks.Serving;

/// <summary>A <see cref="ServeLoadChild"/> started from this program: its address, its resident memory, and stopping it.</summary>
public sealed class ServerProcess : IDisposable
{
    readonly Process process;

    ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    /// <summary>Where the child listens.</summary>
    public Uri Address { get; }

    /// <summary>Starts the child with <paramref name="childArgs"/> and waits (up to 2 min) for its address.</summary>
    public static ServerProcess Start(IEnumerable<string> childArgs)
    {
        // Run as `dotnet Detect.Benchmarks.dll` or as the apphost: start the child the same way.
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        foreach (var arg in childArgs) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromMinutes(2)) || line.Result is not { } text || !text.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the server process did not start (it said: {(line.IsCompletedSuccessfully ? line.Result : "nothing")})");
        }
        return new ServerProcess(process, new Uri(text["listening ".Length..]));
    }

    /// <summary>The child's resident memory (VmRSS) in MiB.</summary>
    public double RssMiB()
    {
        string line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Closes the child's input (it stops gracefully) and waits up to 1 min for it to exit; returns its exit code.</summary>
    public int Stop()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1))) process.Kill();
        return process.ExitCode;
    }

    /// <summary>Kills the child if it still runs.</summary>
    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.Dispose();
    }
}
