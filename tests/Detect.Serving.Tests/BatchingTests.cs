using System.Net;
using System.Text.Json;

namespace Detect.Serving.Tests;

/// <summary>Dynamic batching, the bounded queue and graceful shutdown, on a backend that records its batches.</summary>
public sealed class BatchingTests
{
    [Fact]
    public async Task Eight_queued_requests_run_as_two_batches_of_four_and_each_gets_its_own_answer()
    {
        var backend = new FakeBackend();
        await using var fixture = await ServerFixture.StartAsync(backend, new ServerOptions { MaxBatchSize = 4, MaxBatchDelayMs = 50 });
        // Hold the worker inside a first request, so the eight queue up behind it.
        backend.Gate.Reset();
        var first = fixture.PostAsync(TestImages.Encoded(9, 9));
        Assert.True(await backend.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        var eight = Enumerable.Range(0, 8).Select(i => fixture.PostAsync(TestImages.Encoded(10 + i, 5))).ToList();
        await fixture.WaitForQueueAsync(8);
        backend.Gate.Set();

        using var one = await first;
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        for (int i = 0; i < 8; i++)
        {
            using var response = await eight[i];
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(10 + i, json.RootElement.GetProperty("width").GetInt32());
        }
        Assert.Equal([1, 4, 4], backend.BatchSizes);
        Assert.Equal(3, await fixture.MetricAsync("detect_batch_size_count"));
        Assert.Equal(9, await fixture.MetricAsync("detect_batch_size_sum"));
    }

    [Fact]
    public async Task Batches_wait_at_most_the_delay_for_company()
    {
        var backend = new FakeBackend();
        await using var fixture = await ServerFixture.StartAsync(backend, new ServerOptions { MaxBatchSize = 8, MaxBatchDelayMs = 5 });
        using var response = await fixture.PostAsync(TestImages.Encoded(8, 8));   // alone: answered after the delay, in a batch of one
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1], backend.BatchSizes);
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_and_the_queued_requests_still_complete()
    {
        var backend = new FakeBackend();
        await using var fixture = await ServerFixture.StartAsync(backend, new ServerOptions { MaxBatchSize = 1, MaxBatchDelayMs = 0, QueueSize = 2 });
        backend.Gate.Reset();
        var running = fixture.PostAsync(TestImages.Encoded(8, 8));
        Assert.True(await backend.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        var queued = new[] { fixture.PostAsync(TestImages.Encoded(8, 8)), fixture.PostAsync(TestImages.Encoded(8, 8)) };
        await fixture.WaitForQueueAsync(2);

        using (var refused = await fixture.PostAsync(TestImages.Encoded(8, 8)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("--queue-size", await refused.Content.ReadAsStringAsync());
        }
        backend.Gate.Set();
        foreach (var request in queued.Prepend(running))
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(1, await fixture.MetricAsync("detect_requests_total{status=\"503\"}"));
        Assert.Equal(3, await fixture.MetricAsync("detect_requests_total{status=\"200\"}"));
    }

    [Fact]
    public async Task Stopping_finishes_the_running_and_queued_requests()
    {
        var backend = new FakeBackend { Delay = TimeSpan.FromMilliseconds(200) };
        await using var fixture = await ServerFixture.StartAsync(backend, new ServerOptions { MaxBatchSize = 2, MaxBatchDelayMs = 0 });
        backend.Gate.Reset();
        var first = fixture.PostAsync(TestImages.Encoded(8, 8));
        Assert.True(await backend.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        var rest = Enumerable.Range(0, 4).Select(_ => fixture.PostAsync(TestImages.Encoded(8, 8))).ToList();
        await fixture.WaitForQueueAsync(4);

        var stopping = fixture.Server.StopAsync();
        backend.Gate.Set();
        await stopping;
        foreach (var request in rest.Prepend(first))
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(5, backend.BatchSizes.Sum());
    }
}
