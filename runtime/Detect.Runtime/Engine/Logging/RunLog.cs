using System.Globalization;

namespace Detect.Engine;

/// <summary>
/// The run's text log (MMEngine's logger): each message goes to the console and, with a timestamp
/// and level, to <c>&lt;work_dir&gt;/&lt;timestamp&gt;/&lt;timestamp&gt;.log</c>. While a live progress
/// bar is on screen, console lines go through it so the bar stays below them.
/// </summary>
public sealed class RunLog : IDisposable
{
    readonly StreamWriter? file;
    readonly Lock gate = new();

    /// <summary>Creates the log; <paramref name="filePath"/> null logs to the console only.</summary>
    public RunLog(string? filePath, bool console = true)
    {
        FilePath = filePath;
        Console = console;
        if (filePath is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(filePath))!);
        file = new StreamWriter(filePath, append: true) { AutoFlush = true };
    }

    /// <summary>The log file, if any.</summary>
    public string? FilePath { get; }

    /// <summary>Whether messages are shown on the console.</summary>
    public bool Console { get; }

    /// <summary>Writes console lines while a live display is on screen (set by the logger hook's progress bar).</summary>
    public Action<string>? LiveWriter { get; set; }

    /// <summary>Logs an informational message.</summary>
    public void Info(string message) => Write("INFO", message);

    /// <summary>Logs a warning.</summary>
    public void Warning(string message) => Write("WARNING", message);

    /// <summary>Logs an error.</summary>
    public void Error(string message) => Write("ERROR", message);

    /// <summary>
    /// Writes a failure with its full stack trace to the log file only: the console gets
    /// <see cref="Detect.Platform.FailureReport"/>'s message, which points here.
    /// </summary>
    public void Failure(string stage, Exception e) => Write("ERROR", $"Failed while {stage}: {e}", console: false);

    void Write(string level, string message, bool console = true)
    {
        lock (gate)
        {
            file?.WriteLine($"{DateTime.Now.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)} - detect - {level} - {message}");
            if (!Console || !console) return;
            string line = level == "INFO" ? message : $"{level}: {message}";
            if (LiveWriter is { } live) live(line);
            else System.Console.WriteLine(line);
        }
    }

    /// <inheritdoc />
    public void Dispose() => file?.Dispose();
}
