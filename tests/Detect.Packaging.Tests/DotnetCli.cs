using System.Diagnostics;
using System.Text;

namespace Detect.Packaging.Tests;

/// <summary>What one dotnet command printed (stdout and stderr interleaved) and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <summary>The command line, its exit code and its output, for assertion messages and the test log.</summary>
    public override string ToString() => $"$ dotnet {Command}\n{Output}(exit code {ExitCode})";
}

/// <summary>
/// Runs the dotnet CLI as a user would in a shell: the environment without what the test host inherited from the
/// repository's own build (MSBuild's variables), no build servers or MSBuild nodes left running, and a time limit
/// after which the command and its children are killed.
/// </summary>
public static class DotnetCli
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet <paramref name="args"/></c> in <paramref name="workingDirectory"/>.</summary>
    public static CommandResult Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(IsInheritedBuildVariable).ToList()) start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) output.AppendLine($"(killed after {Limit.TotalMinutes} minutes)");
            return new CommandResult(string.Join(' ', args), -1, output.ToString());
        }
        process.WaitForExit(); // drains the asynchronous readers
        lock (output) return new CommandResult(string.Join(' ', args), process.ExitCode, output.ToString());
    }

    // MSBuild's and the test platform's variables point into the repository's build; a user's shell has none.
    static bool IsInheritedBuildVariable(string name) =>
        name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase);

    static string DotnetPath() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
