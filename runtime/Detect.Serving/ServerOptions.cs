namespace Detect.Serving;

/// <summary>
/// How <see cref="DetectionServer"/> listens, batches and limits requests (the options of <c>detect serve</c>;
/// docs/serving.md explains each).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The address to listen on: an IP address (127.0.0.1, 0.0.0.0, ::) or <c>localhost</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 takes a free one (read it back from <see cref="DetectionServer.Address"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The most requests one forward pass takes.</summary>
    public int MaxBatchSize { get; init; } = 4;

    /// <summary>How long the first request of a batch waits for others to join it, in milliseconds.</summary>
    public int MaxBatchDelayMs { get; init; } = 10;

    /// <summary>Requests waiting for the model at most; a request that finds the queue full is answered 503.</summary>
    public int QueueSize { get; init; } = 64;

    /// <summary>The largest request body in bytes; a larger one is answered 413.</summary>
    public long MaxRequestBodySize { get; init; } = 20 * 1024 * 1024;

    /// <summary>
    /// The most pixels (width × height, read from the image's header before decoding) an image may have; a larger one is
    /// answered 400. A small PNG can declare 100,000 × 100,000 pixels: decoding it would need 40 GB.
    /// </summary>
    public long MaxImagePixels { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long a shutdown waits for queued and running requests to finish, in seconds.</summary>
    public int ShutdownTimeoutSeconds { get; init; } = 30;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one by its command-line name.</summary>
    public ServerOptions Validate()
    {
        Require(Port is >= 0 and <= 65535, $"--port must be in [0, 65535], got {Port}.");
        Require(MaxBatchSize >= 1, $"--max-batch-size must be at least 1, got {MaxBatchSize}.");
        Require(MaxBatchDelayMs >= 0, $"--max-batch-delay-ms must be at least 0, got {MaxBatchDelayMs}.");
        Require(QueueSize >= 1, $"--queue-size must be at least 1, got {QueueSize}.");
        Require(MaxRequestBodySize >= 1, $"--max-body-mb must be positive, got {MaxRequestBodySize} bytes.");
        Require(MaxImagePixels >= 1, $"--max-image-pixels must be positive, got {MaxImagePixels}.");
        Require(ShutdownTimeoutSeconds >= 0, $"the shutdown timeout must be at least 0 s, got {ShutdownTimeoutSeconds}.");
        Require(Host is "localhost" || System.Net.IPAddress.TryParse(Host, out _), $"--host must be an IP address or localhost, got '{Host}'.");
        return this;
    }

    static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
