using Detect.Inference;
using Detect.Serving;
using Quickstart;

namespace Detect.Benchmarks.Serving;

/// <summary>
/// The server side of <c>serve-load</c>, in a process of its own so that its resident memory is measured alone: the
/// Quickstart's FCOS (<see cref="ShapesFcos"/>, on the CPU) behind <see cref="DetectionServer"/> on 127.0.0.1 and a free
/// port, which it prints as <c>listening URL</c>; it stops (answering what is queued) when its standard input closes.
/// </summary>
public static class ServeLoadChild
{
    /// <summary>Runs the server: <c>serve-load --child --max-batch-size N [--weights W]</c>.</summary>
    public static async Task RunAsync(string[] args)
    {
        int maxBatch = int.Parse(ServeLoadRunner.Arg(args, "--max-batch-size") ?? "4", System.Globalization.CultureInfo.InvariantCulture);
        var inferencer = DetInferencer.FromExperiment(new ShapesFcos(), ServeLoadRunner.Arg(args, "--weights"), device: "cpu", log: _ => { });
        await using var server = await DetectionServer.StartAsync("ShapesFcos", new InferencerBackend(inferencer),
            new ServerOptions { Host = "127.0.0.1", Port = 0, MaxBatchSize = maxBatch, MaxBatchDelayMs = maxBatch > 1 ? 10 : 0, QueueSize = 64 });
        Console.WriteLine($"listening {server.Address}");
        await Console.In.ReadToEndAsync();   // the parent closes our input to stop us
        await server.StopAsync();
    }
}
