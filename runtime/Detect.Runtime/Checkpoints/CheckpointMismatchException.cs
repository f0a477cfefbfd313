namespace Detect.Checkpoints;

/// <summary>A strict load found missing, unexpected or mis-shaped keys; nothing was loaded.</summary>
public sealed class CheckpointMismatchException(LoadReport report) : Exception(report.ToString())
{
    /// <summary>The keys at fault.</summary>
    public LoadReport Report { get; } = report;
}
