// Serving the Quickstart's model, without training anything: load its checkpoint, start the prediction server
// (what `detect serve --config ShapesFcos` runs) in this process on a free port of 127.0.0.1, POST a few shapes
// images to it at once (they are batched), print what comes back and the server's metrics, and stop it.
// Usage (from the repository root, after samples/Quickstart, or without it on random weights):
//   dotnet run --project samples/Deploy -c Release [-- CHECKPOINT]
using System.Net.Http.Headers;
using System.Text.Json;
using Deploy;
using Detect.Inference;
using Detect.Platform;
using Detect.Serving;
using Quickstart;

return FailureReport.Run("Deploy", () => RunAsync(args).GetAwaiter().GetResult());

static async Task<int> RunAsync(string[] args)
{
    TorchRuntime.EnsureInitialized(TorchUse.Inference);
    string? weights = args.FirstOrDefault() ?? (File.Exists(SampleInputs.QuickstartCheckpoint) ? SampleInputs.QuickstartCheckpoint : null);
    if (weights is null)
        Console.WriteLine($"warning: {SampleInputs.QuickstartCheckpoint} not found (run samples/Quickstart first); " +
                          "the model has random weights and its predictions mean nothing.");
    var images = SampleInputs.Images(count: 4);
    var inferencer = DetInferencer.FromExperiment(new ShapesFcos(), weights, device: "cpu");
    var classes = inferencer.Classes ?? [];

    await using var server = await DetectionServer.StartAsync("ShapesFcos", new InferencerBackend(inferencer),
        new ServerOptions { Host = "127.0.0.1", Port = 0, MaxBatchSize = 4, MaxBatchDelayMs = 20 });
    using var http = new HttpClient { BaseAddress = server.Address };
    Console.WriteLine($"server: {server.Address} — health: {await http.GetStringAsync("health")}");

    var answers = await Task.WhenAll(images.Select(async path =>
    {
        var body = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await http.PostAsync("predictions/ShapesFcos", body);
        return (Path: path, Status: (int)response.StatusCode, Json: await response.Content.ReadAsStringAsync());
    }));
    foreach (var (path, status, json) in answers)
    {
        Console.WriteLine($"POST {Path.GetFileName(path)} -> {status}");
        if (status != 200)
        {
            Console.WriteLine($"  {json}");
            continue;
        }
        using var doc = JsonDocument.Parse(json);
        var labels = doc.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var scores = doc.RootElement.GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var boxes = doc.RootElement.GetProperty("bboxes").EnumerateArray().Select(b => string.Join(", ", b.EnumerateArray().Select(v => v.GetDouble().ToString("F0")))).ToList();
        Console.WriteLine($"  {labels.Count} predictions; the best three:");
        foreach (int i in Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).Take(3))
            Console.WriteLine($"  {(labels[i] < classes.Count ? classes[labels[i]] : $"class {labels[i]}"),-9} {scores[i]:F3}  [{boxes[i]}]");
    }
    string metrics = await http.GetStringAsync("metrics");
    Console.WriteLine("metrics:");
    foreach (var line in metrics.Split('\n').Where(l => l.StartsWith("detect_requests_total", StringComparison.Ordinal)
                                                        || l.StartsWith("detect_batch_size_count", StringComparison.Ordinal)
                                                        || l.StartsWith("detect_batch_size_sum", StringComparison.Ordinal)))
        Console.WriteLine($"  {line}");
    await server.StopAsync();
    Console.WriteLine("server stopped.");
    return answers.All(a => a.Status == 200) ? 0 : 1;
}
