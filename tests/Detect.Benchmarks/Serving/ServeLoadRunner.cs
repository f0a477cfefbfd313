using System.Globalization;
using Detect.Data;
using Quickstart;

namespace Detect.Benchmarks.Serving;

/// <summary>
/// <c>-- serve-load [--clients 8] [--requests 200] [--batch-sizes 1,4,8] [--weights W] [--minutes 20]</c>: the load test of
/// <c>detect serve</c> (not a unit test). For each max batch size a server process (<see cref="ServeLoadChild"/>: the
/// Quickstart's FCOS on 192×192 shapes images, CPU) is started on 127.0.0.1; after a warm-up (10 requests per client), the
/// clients each POST their images one after another; the line printed gives errors, p50/p99 latency, throughput and the
/// server's resident memory before, halfway and after. Then 50 malformed bodies (truncated JPEG, random bytes, a 100 MB body, PNG bombs) must each get a 4xx
/// while <c>/health</c> keeps answering. Everything is bounded: requests time out after 60 s, the whole run after --minutes.
/// </summary>
/// <remarks>Run from the repository root: <c>dotnet run -c Release --project tests/Detect.Benchmarks -- serve-load</c>.</remarks>
public static class ServeLoadRunner
{
    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Arg(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    /// <summary>Runs the load test (or, with <c>--child</c>, the server it measures).</summary>
    public static async Task RunAsync(string[] args)
    {
        if (args.Contains("--child"))
        {
            await ServeLoadChild.RunAsync(args);
            return;
        }
        int clients = int.Parse(Arg(args, "--clients") ?? "8", CultureInfo.InvariantCulture);
        int requests = int.Parse(Arg(args, "--requests") ?? "200", CultureInfo.InvariantCulture);
        int[] batchSizes = [.. (Arg(args, "--batch-sizes") ?? "1,4,8").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        string? weights = Arg(args, "--weights") ?? (File.Exists("work_dirs/shapes_fcos/epoch_8.pth") ? Path.GetFullPath("work_dirs/shapes_fcos/epoch_8.pth") : null);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(double.Parse(Arg(args, "--minutes") ?? "20", CultureInfo.InvariantCulture)));
        var split = ShapesDataset.Generate(Path.Combine(Path.GetTempPath(), "detect-serve-load"), "val", 16, ShapesData.Options);
        var images = Directory.GetFiles(split.ImageDir, "*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        Console.WriteLine($"serve-load: {clients} clients × {requests} requests, ShapesFcos on {ShapesData.Size}×{ShapesData.Size} JPEGs, " +
                          $"{(weights ?? "random weights")}; {cpu}, {Environment.ProcessorCount} cores");
        bool failed = false;
        foreach (int maxBatch in batchSizes)
        {
            using var server = ServerProcess.Start(["serve-load", "--child", "--max-batch-size", maxBatch.ToString(CultureInfo.InvariantCulture), .. weights is null ? Array.Empty<string>() : ["--weights", weights]]);
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
            // Warm-up: JIT, first forward passes, and the allocator's pools at full batches (their growth is not a leak).
            await LoadRound.RunAsync(http, images, clients, requests: 10, deadline.Token);
            double rssBefore = server.RssMiB();
            var load = await LoadRound.RunAsync(http, images, clients, requests / 2, deadline.Token);
            double rssMiddle = server.RssMiB();
            load = load.Then(await LoadRound.RunAsync(http, images, clients, requests - requests / 2, deadline.Token));
            double rssAfter = server.RssMiB();
            var (refused, problems) = await LoadRound.MalformedAsync(http, 50, deadline.Token);
            double rssMalformed = server.RssMiB();
            int exit = server.Stop();
            Console.WriteLine($"max batch {maxBatch}: {load.Requests} requests, {load.Errors.Count} errors, p50 {load.Percentile(0.5):F1} ms, p99 {load.Percentile(0.99):F1} ms, " +
                              $"{load.Requests / load.Seconds:F1} req/s ({load.Seconds:F1} s); server RSS {rssBefore:F0} MiB before, {rssMiddle:F0} MiB halfway, {rssAfter:F0} MiB after " +
                              $"({(rssAfter - rssBefore) / rssBefore:+0.0%;-0.0%}); malformed: {refused}/50 answered 4xx, {rssMalformed:F0} MiB after; server exit code {exit}");
            foreach (var problem in load.Errors.Concat(problems).Take(5)) Console.WriteLine($"  {problem}");
            failed |= load.Errors.Count > 0 || refused != 50 || problems.Count > 0 || exit != 0;
        }
        Environment.ExitCode = failed ? 1 : 0;
    }
}
