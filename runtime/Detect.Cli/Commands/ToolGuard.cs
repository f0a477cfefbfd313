using Detect.Analysis;
using Detect.Checkpoints;
using Detect.Config;
using Detect.Datasets;
using Detect.Platform;

namespace Detect.Cli.Commands;

/// <summary>
/// Runs an analysis tool, turning the errors a user can cause (a missing or malformed file, a bad option, a config
/// problem) into a one-line message on stderr and an exit code (1; 2 for config errors) instead of a stack trace.
/// </summary>
public static class ToolGuard
{
    /// <summary>Runs <paramref name="action"/> after initializing TorchSharp.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            TorchRuntime.EnsureInitialized();
            return action();
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (Exception e) when (e is AnalysisException or CocoFormatException or CheckpointFormatException or FileNotFoundException
            or DirectoryNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
