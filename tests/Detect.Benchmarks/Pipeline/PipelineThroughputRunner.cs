using System.Diagnostics;

namespace Detect.Benchmarks.Pipeline;

/// <summary>
/// The same measurement as reference/pipeline_opencv.py, printed the same way: one warm-up epoch, then
/// images per second over the next epochs, and CPU time per image of the whole process.
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
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int images = 0;
        for (int epoch = 0; epoch < epochs; epoch++) images += PipelineBenchmarkSetup.RunEpoch(loader, epoch);
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
        Console.WriteLine($"detect loader: {loader.NumWorkers} workers: {images} images in {seconds:F2} s = {images / seconds:F1} images/s; " +
                          $"CPU {cpu / images:F1} ms/image (whole process)");
    }

    static int? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : null;
    }
}
