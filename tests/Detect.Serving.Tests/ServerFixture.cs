using System.Net;
using System.Net.Http.Headers;

namespace Detect.Serving.Tests;

/// <summary>A server on 127.0.0.1 (a free port) over a backend, and a client for it; disposing stops both.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    ServerFixture(DetectionServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public DetectionServer Server { get; }

    public HttpClient Http { get; }

    public static async Task<ServerFixture> StartAsync(IDetectionBackend backend, ServerOptions? options = null, string model = "Tiny") =>
        new(await DetectionServer.StartAsync(model, backend, (options ?? new ServerOptions()) with { Host = "127.0.0.1", Port = 0 }));

    /// <summary>POSTs <paramref name="body"/> to <c>/predictions/{model}</c>.</summary>
    public Task<HttpResponseMessage> PostAsync(byte[] body, string model = "Tiny")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return Http.PostAsync($"predictions/{model}", content);
    }

    /// <summary>The value of the first sample line starting with <paramref name="series"/> in <c>/metrics</c>, or null.</summary>
    public async Task<double?> MetricAsync(string series)
    {
        string text = await Http.GetStringAsync("metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (up to 30 s) until <c>detect_queue_length</c> reads <paramref name="length"/>.</summary>
    public async Task WaitForQueueAsync(int length)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await MetricAsync("detect_queue_length") != length)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the queue never held {length} requests");
            await Task.Delay(20);
        }
    }

    public async Task AssertHealthyAsync()
    {
        using var health = await Http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
