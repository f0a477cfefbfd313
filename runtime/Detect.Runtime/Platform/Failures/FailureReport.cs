using System.Globalization;
using System.Reflection;

namespace Detect.Platform;

/// <summary>
/// How every entry point ends when something throws — <c>detect</c>'s commands, experiments'
/// <c>Train</c>/<c>Test</c>, the samples: an error the user can fix (<see cref="UserErrors"/>) prints its
/// one-line message; anything else prints one paragraph (what failed, where, where the full trace is,
/// what to try) and exits with <see cref="BugExitCode"/>. No stack trace reaches the console: it goes
/// to the run's log when the failure happened inside a run, else to a file the paragraph names.
/// </summary>
public static class FailureReport
{
    /// <summary>Exit code of an unexpected exception (sysexits' EX_SOFTWARE: an internal error).</summary>
    public const int BugExitCode = 70;

    /// <summary>Runs <paramref name="action"/> and returns its exit code, or reports what it threw.</summary>
    /// <param name="what">Who failed, as the user called it: <c>detect infer</c>, an experiment's name.</param>
    /// <param name="action">The entry point's work.</param>
    /// <param name="traceFolder">Where to write the trace when no run log holds it (the work or output dir); the temp dir when null.</param>
    public static int Run(string what, Func<int> action, string? traceFolder = null)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            return Report(what, e, traceFolder);
        }
    }

    /// <summary>Tells the user about <paramref name="exception"/> on standard error; returns the exit code.</summary>
    public static int Report(string what, Exception exception, string? traceFolder = null)
    {
        var e = Unwrapped(exception);
        if (UserErrors.ExitCode(e) is { } code)
        {
            Console.Error.WriteLine($"{what}: {OneLine(e.Message)}");
            return code;
        }
        string? log = FailureContext.LogFileOf(e) ?? FailureContext.LogFileOf(exception) ?? WriteTrace(what, exception, traceFolder);
        Console.Error.WriteLine(Paragraph(what, e, log));
        return BugExitCode;
    }

    static string Paragraph(string what, Exception e, string? log)
    {
        string? stage = FailureContext.StageOf(e);
        string? checkpoint = FailureContext.LastCheckpointOf(e);
        string cause = e.InnerException is { } inner ? $" (caused by {inner.GetType().Name}: {OneLine(inner.Message)})" : "";
        return $"{what} failed unexpectedly{(stage is null ? "" : $" while {stage}")}: {e.GetType().Name}: {OneLine(e.Message)}{cause}. " +
            "This is most likely a bug in Detect or in a component of your own, not a mistake in your config or data. " +
            (log is null ? "The stack trace could not be written to a file. " : $"The full error with its stack trace is in {log}. ") +
            $"Try running it again{(checkpoint is null ? "" : $" with --resume, which continues from {checkpoint}")}; " +
            "if it fails the same way, please report it with that log file.";
    }

    // The trace of a failure outside a run (no run log yet): detect-error-<time>-<pid>.log in the folder, else in the temp dir.
    static string? WriteTrace(string what, Exception e, string? folder)
    {
        string name = $"detect-error-{DateTime.Now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.log";
        string text = $"{what} failed{(FailureContext.StageOf(e) is { } stage ? $" while {stage}" : "")} at {DateTime.Now:O}{Environment.NewLine}{e}{Environment.NewLine}";
        foreach (var dir in new[] { folder, Path.GetTempPath() }.OfType<string>())
        {
            try
            {
                Directory.CreateDirectory(dir);
                string path = Path.GetFullPath(Path.Combine(dir, name));
                File.AppendAllText(path, text);
                return path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Try the next folder.
            }
        }
        return null;
    }

    static Exception Unwrapped(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrapped(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrapped(inner),
        _ => e,
    };

    static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
