using System.Diagnostics;

namespace Detect.Benchmarks.Pipeline;

/// <summary>
/// The same measurement as reference/pipeline_opencv.py, printed the same way: one warm-up epoch, then
/// images per second over the next epochs.
/// Run: <c>dotnet run -c Release --project tests/Detect.Benchmarks -- pipeline-throughput [--epochs 5] [--workers N]</c>.
/// </summary>
public static class PipelineThroughputRunner
{
    /// <summary>Runs the measurement and prints the result line.</summary>
    public static void Run(string[] args)
    {
        int epochs = Option(args, "--epochs") ?? 5;
        int? workers = Option(args, "--workers");
        var records = PipelineBenchmarkSetup.Records(PipelineBenchmarkSetup.DataDir());
        var loader = PipelineBenchmarkSetup.Loader(records, workers);
        PipelineBenchmarkSetup.RunEpoch(loader, 1000); // warm-up: page cache, JIT, allocator
        var clock = Stopwatch.StartNew();
        int images = 0;
        for (int epoch = 0; epoch < epochs; epoch++) images += PipelineBenchmarkSetup.RunEpoch(loader, epoch);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"detect loader: {loader.NumWorkers} workers: {images} images in {seconds:F2} s = {images / seconds:F1} images/s");
    }

    static int? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : null;
    }
}
