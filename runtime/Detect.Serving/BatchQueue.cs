using System.Threading.Channels;
using Detect.Transforms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Detect.Serving;

/// <summary>
/// Dynamic batching: requests wait in a bounded channel and one worker takes up to <see cref="ServerOptions.MaxBatchSize"/>
/// of them — the first that arrives, then whatever joins within <see cref="ServerOptions.MaxBatchDelayMs"/> — runs the
/// backend once over the batch and completes each request with its own JSON. A request that finds the queue full is
/// refused at once (503) rather than letting it grow. Stopping refuses new requests and finishes every queued one.
/// </summary>
public sealed class BatchQueue : IHostedService
{
    readonly Channel<PendingPrediction> channel;
    readonly IDetectionBackend backend;
    readonly ServerOptions options;
    readonly ServingMetrics metrics;
    readonly ILogger log;
    Task worker = Task.CompletedTask;
    volatile bool stopping;

    /// <summary>A queue over <paramref name="backend"/> (not owned: the server disposes it after the queue stops).</summary>
    public BatchQueue(IDetectionBackend backend, ServerOptions options, ILogger<BatchQueue> log)
    {
        this.backend = backend;
        this.options = options;
        this.log = log;
        channel = Channel.CreateBounded<PendingPrediction>(new BoundedChannelOptions(options.QueueSize) { SingleReader = true });
        metrics = new ServingMetrics(options.MaxBatchSize, () => channel.Reader.Count);
    }

    /// <summary>The metrics the queue and the endpoint record.</summary>
    public ServingMetrics Metrics => metrics;

    /// <summary>Queues <paramref name="image"/>; the task completes with its prediction JSON.</summary>
    /// <exception cref="RequestRejectedException">503: the queue is full, or the server is shutting down.</exception>
    public Task<byte[]> Enqueue(ImageBuffer image, CancellationToken aborted)
    {
        var pending = new PendingPrediction(image, aborted);
        if (!channel.Writer.TryWrite(pending))
            throw new RequestRejectedException(503, stopping
                ? "The server is shutting down."
                : $"The server is busy: {options.QueueSize} requests are waiting for the model (--queue-size). Retry shortly.");
        return pending.Result.Task;
    }

    /// <summary>Starts the worker.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        worker = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Refuses new requests and waits until the queued ones are answered (or the host's shutdown timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        channel.Writer.TryComplete();
        await worker.WaitAsync(cancellationToken);
    }

    async Task RunAsync()
    {
        var batch = new List<PendingPrediction>(options.MaxBatchSize);
        while (await channel.Reader.WaitToReadAsync())
        {
            await CollectAsync(batch);
            Run(batch);
            batch.Clear();
        }
    }

    /// <summary>Takes the first waiting request, then others until the batch is full or the delay since the first has passed.</summary>
    async Task CollectAsync(List<PendingPrediction> batch)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(options.MaxBatchDelayMs);
        while (batch.Count < options.MaxBatchSize)
        {
            if (channel.Reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || batch.Count == 0 && channel.Reader.Completion.IsCompleted) return;
            using var timeout = new CancellationTokenSource(left);
            try
            {
                if (!await channel.Reader.WaitToReadAsync(timeout.Token)) return;   // completed and empty: shutting down
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    void Run(List<PendingPrediction> batch)
    {
        // A client that went away while queued costs no forward pass.
        foreach (var gone in batch.Where(p => p.Aborted.IsCancellationRequested)) gone.Result.TrySetCanceled(gone.Aborted);
        var live = batch.Where(p => !p.Aborted.IsCancellationRequested).ToList();
        if (live.Count == 0) return;
        metrics.BatchSize.Observe(live.Count);
        try
        {
            IReadOnlyList<byte[]> results;
            using (metrics.InferenceTime.NewTimer()) results = backend.Predict([.. live.Select(p => p.Image)]);
            if (results.Count != live.Count)
                throw new InvalidOperationException($"The backend returned {results.Count} predictions for {live.Count} images.");
            for (int i = 0; i < live.Count; i++) live[i].Result.TrySetResult(results[i]);
        }
        catch (Exception e)
        {
            log.LogError(e, "A batch of {Count} images failed", live.Count);
            foreach (var pending in live) pending.Result.TrySetException(e);
        }
    }
}
