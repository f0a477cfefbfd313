namespace Detect.Platform;

/// <summary>
/// Where a failure happened, carried on the exception itself (<see cref="Exception.Data"/>) from the
/// code that knows — the loop and iteration, the run's log file, its last checkpoint — to
/// <see cref="FailureReport"/>, which tells the user. The exception keeps its type and stack trace.
/// </summary>
/// <example>
/// Used as exception filters, which run before the stack unwinds and let the exception pass on:
/// <code>
/// try { RunEpoch(); }
/// catch (Exception e) when (FailureContext.NoteStage(e, $"training, epoch {epoch}")) { throw; }
/// </code>
/// </example>
public static class FailureContext
{
    const string StageKey = "Detect.Stage", LogFileKey = "Detect.LogFile", CheckpointKey = "Detect.LastCheckpoint";

    /// <summary>Notes what was going on (e.g. "training, epoch 2, iteration 6"), unless code closer to the failure already did; returns false.</summary>
    public static bool NoteStage(Exception e, string stage) => Note(e, StageKey, stage);

    /// <summary>Notes the run's log file, which holds the full trace, and its newest checkpoint (if any); returns false.</summary>
    public static bool NoteRun(Exception e, string logFile, string? lastCheckpoint)
    {
        Note(e, LogFileKey, logFile);
        return lastCheckpoint is not null && Note(e, CheckpointKey, lastCheckpoint);
    }

    /// <summary>What was going on, or null.</summary>
    public static string? StageOf(Exception e) => e.Data[StageKey] as string;

    /// <summary>The log file that holds the trace, or null.</summary>
    public static string? LogFileOf(Exception e) => e.Data[LogFileKey] as string;

    /// <summary>The run's newest checkpoint, or null.</summary>
    public static string? LastCheckpointOf(Exception e) => e.Data[CheckpointKey] as string;

    static bool Note(Exception e, string key, string value)
    {
        if (!e.Data.Contains(key)) e.Data[key] = value;
        return false;
    }
}
