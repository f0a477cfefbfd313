using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Detect.Serving;

/// <summary>
/// The prediction server of <c>detect serve</c> (docs/serving.md), on Kestrel: <c>POST /predictions/{model}</c> with an
/// image body answers MMDetection's prediction JSON, <c>GET /health</c> answers <c>{"status": "ok"}</c>, <c>GET /metrics</c>
/// Prometheus text. Requests are batched dynamically (<see cref="BatchQueue"/>); stopping finishes the queued ones.
/// </summary>
/// <example>
/// <code>
/// await using var server = await DetectionServer.StartAsync("ShapesFcos", new InferencerBackend(inferencer), new ServerOptions { Port = 0 });
/// var response = await http.PostAsync(new Uri(server.Address, "predictions/ShapesFcos"), new ByteArrayContent(jpegBytes));
/// </code>
/// </example>
public sealed class DetectionServer : IAsyncDisposable
{
    readonly WebApplication app;
    readonly IDetectionBackend backend;

    DetectionServer(WebApplication app, IDetectionBackend backend, Uri address)
    {
        this.app = app;
        this.backend = backend;
        Address = address;
    }

    /// <summary>Where the server listens (<c>http://127.0.0.1:PORT/</c>), the port resolved when 0 was asked for.</summary>
    public Uri Address { get; }

    /// <summary>The model name in the URL: <c>POST /predictions/{ModelName}</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary>
    /// Starts serving <paramref name="backend"/> (which the server then owns) as <paramref name="modelName"/>.
    /// <paramref name="logging"/> adds log providers (none by default: the server logs nothing but what they show).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The address is in use.</exception>
    public static async Task<DetectionServer> StartAsync(string modelName, IDetectionBackend backend, ServerOptions options,
        Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentNullException.ThrowIfNull(backend);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
            if (options.Host == "localhost") kestrel.ListenLocalhost(options.Port);
            else kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        builder.Services.AddSingleton(backend);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<BatchQueue>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchQueue>());
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<PredictionEndpoint>(services, modelName));
        var app = builder.Build();
        var endpoint = app.Services.GetRequiredService<PredictionEndpoint>();
        app.MapPost("/predictions/{model}", (HttpContext context, string model) => endpoint.HandleAsync(context, model));
        app.MapGet("/health", () => Results.Json(new Dictionary<string, string> { ["status"] = "ok", ["model"] = modelName }));
        app.MapMetrics("/metrics", app.Services.GetRequiredService<BatchQueue>().Metrics.Registry);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            backend.Dispose();
            throw;
        }
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DetectionServer(app, backend, new Uri(address.EndsWith('/') ? address : address + "/")) { ModelName = modelName };
    }

    /// <summary>Stops: new requests are refused, queued and running ones are answered first (up to the shutdown timeout).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    /// <summary>Completes when the server has stopped (after Ctrl+C or SIGTERM when the process hosts it from a console).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server if it runs, then disposes it and the backend.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!app.Lifetime.ApplicationStopped.IsCancellationRequested) await app.StopAsync();
        await app.DisposeAsync();
        backend.Dispose();
    }
}
