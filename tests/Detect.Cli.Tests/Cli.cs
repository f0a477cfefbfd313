using System.CommandLine;
using Detect.Cli.Commands;
using Detect.Platform;

namespace Detect.Cli.Tests;

/// <summary>
/// Runs <c>detect</c> commands in-process, as Program.cs wires them, capturing what they print. Console output is
/// process-wide, so runs are serialized.
/// </summary>
internal static class Cli
{
    static readonly object Gate = new();

    public sealed record Outcome(int Exit, string Out, string Err);

    public static Outcome Run(params string[] args)
    {
        TorchRuntime.EnsureInitialized();
        lock (Gate)
        {
            var root = new RootCommand("detect")
            {
                EnvCommand.Create(), ConvertCommand.Create(), EvalCommand.Create(), TestCommand.Create(), ConvertDatasetCommand.Create(), InferCommand.Create(), ExportCommand.Create(),
                AnalyzeLogsCommand.Create(), AnalyzeResultsCommand.Create(), ConfusionMatrixCommand.Create(), CocoErrorAnalysisCommand.Create(),
                BrowseDatasetCommand.Create(), FuseResultsCommand.Create(), PublishModelCommand.Create(),
                GetFlopsCommand.Create(), BenchmarkCommand.Create(), OptimizeAnchorsCommand.Create(), TestRobustnessCommand.Create(), ServeCommand.Create(),
            };
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            var (savedOut, savedErr) = (Console.Out, Console.Error);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int exit = root.Parse(args).Invoke();
                return new Outcome(exit, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(savedOut);
                Console.SetError(savedErr);
            }
        }
    }

    /// <summary>This test assembly, for <c>--assembly</c>: its experiments (NarrowTorchvisionExperiments.cs) are found as a user's are.</summary>
    public static string TestAssembly => typeof(Cli).Assembly.Location;

    /// <summary>Full path of a fixture copied next to the tests (golden/detectors/..., golden/coco/...).</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "golden", .. parts]);
}
