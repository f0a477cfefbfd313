using Detect.Checkpoints;
using Detect.Config;
using Detect.Datasets;
using Detect.Engine;
using Detect.Transforms;

namespace Detect.Platform;

/// <summary>
/// The exceptions a user can cause and fix — a wrong config or option, bad data, an unusable file, a
/// run that diverged — each of which names what is wrong in its message. Anything else is a bug and
/// gets <see cref="FailureReport"/>'s paragraph.
/// </summary>
public static class UserErrors
{
    /// <summary>Exit code of a config or command-line mistake.</summary>
    public const int ConfigExitCode = 2;

    /// <summary>Exit code of bad data, a missing or unusable file, or a run that diverged.</summary>
    public const int DataExitCode = 1;

    /// <summary>The exit code for <paramref name="e"/> when a user can fix it, else null.</summary>
    public static int? ExitCode(Exception e) => e switch
    {
        ConfigurationException => ConfigExitCode,
        // IOException covers missing files and folders, unreadable checkpoints (CheckpointFormatException) and full disks.
        BadSampleException or CocoFormatException or InvalidLossException or CheckpointMismatchException
            or InvalidDataException or IOException or UnauthorizedAccessException => DataExitCode,
        _ => null,
    };
}
