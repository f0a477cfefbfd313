using Prometheus;

namespace Detect.Serving;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (two servers in one process count apart): requests by status,
/// request latency, batch sizes, inference time per batch and the queue's length, plus prometheus-net's process and .NET
/// runtime metrics (resident memory, GC, CPU). Served as text at <c>/metrics</c>.
/// </summary>
public sealed class ServingMetrics
{
    /// <summary>Metrics for batches of up to <paramref name="maxBatchSize"/>; <paramref name="queueLength"/> is read at each scrape.</summary>
    public ServingMetrics(int maxBatchSize, Func<int> queueLength)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter("detect_requests_total", "Prediction requests answered, by HTTP status code.",
            new CounterConfiguration { LabelNames = ["status"] });
        Latency = factory.CreateHistogram("detect_request_duration_seconds", "Time from a prediction request's arrival to its answer.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        BatchSize = factory.CreateHistogram("detect_batch_size", "Images per forward pass.",
            new HistogramConfiguration { Buckets = [.. Enumerable.Range(1, maxBatchSize).Select(n => (double)n)] });
        InferenceTime = factory.CreateHistogram("detect_inference_duration_seconds", "Time of one batch's forward pass (with pre- and post-processing).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        var queue = factory.CreateGauge("detect_queue_length", "Requests waiting for the model.");
        Registry.AddBeforeCollectCallback(() => queue.Set(queueLength()));
    }

    /// <summary>The registry <c>/metrics</c> serves.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary><c>detect_requests_total{status}</c>.</summary>
    public Counter Requests { get; }

    /// <summary><c>detect_request_duration_seconds</c>.</summary>
    public Histogram Latency { get; }

    /// <summary><c>detect_batch_size</c>.</summary>
    public Histogram BatchSize { get; }

    /// <summary><c>detect_inference_duration_seconds</c>.</summary>
    public Histogram InferenceTime { get; }
}
