using Detect.Config;
using Detect.Engine;
using Detect.Structures;
using Quickstart;

namespace Detect.Benchmarks.Engine;

/// <summary>
/// <c>-- train-memory [--iters N]</c>: trains the Quickstart's FCOS (<see cref="ShapesFcos"/>, same data,
/// same engine) for N iterations (default 1,000, no validation) and prints the process's resident memory
/// after iterations 100 and N, each read after a full garbage collection so that managed garbage waiting
/// for the next collection is not taken for a native leak.
/// </summary>
/// <remarks>Run from the repository root (it reuses or generates <c>data/shapes/</c>):
/// <c>dotnet run -c Release --project tests/Detect.Benchmarks -- train-memory</c>.</remarks>
public static class TrainMemoryRunner
{
    const int BatchesPerEpoch = ShapesData.TrainImages / 8;

    /// <summary>Runs the measurement and prints one line per probe and the relative difference.</summary>
    public static void Run(string[] args)
    {
        int iters = args.SkipWhile(a => a != "--iters").Skip(1).Select(int.Parse).FirstOrDefault(1000);
        if (iters % BatchesPerEpoch != 0 || iters < 100) throw new ArgumentException($"--iters must be a multiple of {BatchesPerEpoch} and at least 100.");
        ShapesData.Generate(Path.GetFullPath("data/shapes"));
        string workDir = Path.Combine(Path.GetTempPath(), "detect-train-memory-" + Environment.ProcessId);
        int epochs = iters / BatchesPerEpoch;
        var run = ExperimentLauncher.Prepare(new ShapesFcos(), ["--work-dir", workDir, "--device", "cpu",
            "--cfg-options", $"train_cfg.max_epochs={epochs}", $"train_cfg.val_interval={epochs + 1}", "default_hooks.logger.interval=50"]);
        var options = ExperimentRunner.Options(run, test: false, _ => { });
        var probe = new RssProbe([100, iters]);
        using (var runner = new Runner(options with { CustomHooks = [.. options.CustomHooks, probe] }))
            runner.Train();
        Directory.Delete(workDir, recursive: true);
        double first = probe.Readings[100], last = probe.Readings[iters];
        Console.WriteLine($"RSS after iteration 100: {first:F1} MiB; after iteration {iters}: {last:F1} MiB; difference {(last - first) / first:+0.0%;-0.0%}");
    }

    /// <summary>Reads VmRSS after a full collection (and finalizers) at the given iterations.</summary>
    sealed class RssProbe(int[] at) : Hook(HookPriorities.Lowest)
    {
        public Dictionary<int, double> Readings { get; } = [];

        public override void AfterTrainIter(Runner runner, int batchIdx, DetBatch batch, IReadOnlyDictionary<string, double> outputs)
        {
            int done = runner.Iter + 1; // Iter counts from 0 and advances after the hooks
            if (!at.Contains(done)) return;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            Readings[done] = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            Console.WriteLine($"after {done} iterations: RSS {Readings[done]:F1} MiB");
        }
    }
}
