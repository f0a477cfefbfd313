using System.CommandLine;
using Detect.Config;
using Detect.Platform;
using Detect.Serving;
using Microsoft.Extensions.Logging;

namespace Detect.Cli.Commands;

/// <summary>
/// <c>detect serve --config EXPERIMENT [--assembly DLL] [--weights W] [--backend torch|onnxruntime --model M] [--host 127.0.0.1] [--port 8080]
/// [--max-batch-size 4] [--max-batch-delay-ms 10] [--queue-size 64] [--max-body-mb 20] [--device D]</c>: an HTTP server over
/// the experiment's model (<see cref="DetectionServer"/>, docs/serving.md). <c>POST /predictions/EXPERIMENT</c> with a JPEG or
/// PNG body answers MMDetection's prediction JSON; <c>GET /health</c>, <c>GET /metrics</c> (Prometheus). Concurrent requests
/// are batched; Ctrl+C or SIGTERM stops after answering the queued ones.
/// </summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new InferenceModelOptions("Experiment name (zoo, or one from --assembly); it is also the model's name in the URL, /predictions/NAME.");
        var host = new Option<string>("--host") { Description = "Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface), or localhost.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port.", DefaultValueFactory = _ => 8080 };
        var maxBatchSize = new Option<int>("--max-batch-size") { Description = "The most queued requests one forward pass takes (1: no batching).", DefaultValueFactory = _ => 4 };
        var maxBatchDelay = new Option<int>("--max-batch-delay-ms") { Description = "How long a batch's first request waits for others to join, in ms.", DefaultValueFactory = _ => 10 };
        var queueSize = new Option<int>("--queue-size") { Description = "Requests that may wait for the model; beyond it a request is answered 503 at once.", DefaultValueFactory = _ => 64 };
        var maxBodyMb = new Option<int>("--max-body-mb") { Description = "The largest request body in MB (413 beyond).", DefaultValueFactory = _ => 20 };
        var maxPixels = new Option<long>("--max-image-pixels") { Description = "The most pixels an image may declare in its header (400 beyond; checked before decoding).", DefaultValueFactory = _ => new ServerOptions().MaxImagePixels };
        var command = new Command("serve", "Serve an experiment's model over HTTP: POST an image, get its predictions as JSON.");
        foreach (var option in model.All.Concat([host, port, maxBatchSize, maxBatchDelay, queueSize, maxBodyMb, maxPixels])) command.Options.Add(option);
        command.SetAction(parse => FailureReport.Run("detect serve", () =>
        {
            var options = new ServerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                MaxBatchSize = parse.GetValue(maxBatchSize),
                MaxBatchDelayMs = parse.GetValue(maxBatchDelay),
                QueueSize = parse.GetValue(queueSize),
                MaxRequestBodySize = parse.GetValue(maxBodyMb) * 1024L * 1024,
                MaxImagePixels = parse.GetValue(maxPixels),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ConfigurationException(e.Message, e);
            }
            string name = parse.GetValue(model.Config)!;
            var served = new InferencerBackend(model.Build(parse)); // TorchSharp, or the exported graph in ONNX Runtime
            return Serve(name, served, options).GetAwaiter().GetResult();
        }));
        return command;
    }

    static async Task<int> Serve(string name, IDetectionBackend model, ServerOptions options)
    {
        await using var server = await DetectionServer.StartAsync(name, model, options,
            logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        Console.WriteLine($"serving {name}: POST {new Uri(server.Address, $"predictions/{name}")} (a JPEG or PNG body)");
        Console.WriteLine($"health: {new Uri(server.Address, "health")}  metrics: {new Uri(server.Address, "metrics")}  (Ctrl+C stops after answering the queued requests)");
        await server.WaitForShutdownAsync();
        Console.WriteLine("stopped.");
        return 0;
    }
}
