using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary>
/// Runs an analysis tool in a process that only predicts (<see cref="TorchUse.Inference"/>), ending any failure as every
/// <c>detect</c> command does (<see cref="FailureReport"/>: a one-line message for what a user can fix, a paragraph and the
/// trace in a file for a bug).
/// </summary>
public static class ToolGuard
{
    /// <summary>Runs <paramref name="action"/> (named <paramref name="what"/> in messages) after initializing TorchSharp.</summary>
    public static int Run(string what, Func<int> action) => FailureReport.Run(what, () =>
    {
        TorchRuntime.EnsureInitialized(TorchUse.Inference);
        return action();
    });
}
