using System.Net;
using System.Text.Json;

namespace Detect.Serving.Tests;

/// <summary>What the server refuses, and that it keeps answering afterwards; and what <c>/metrics</c> counts.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task Malformed_bodies_get_400_with_a_message_and_the_server_keeps_answering()
    {
        var backend = new FakeBackend();
        await using var fixture = await ServerFixture.StartAsync(backend);
        var bodies = new (string Name, byte[] Body, string Says)[]
        {
            ("truncated JPEG", TestImages.TruncatedJpeg(), "truncated"),
            ("random bytes", TestImages.RandomBytes(4096, seed: 1), "not a decodable image"),
            ("empty body", [], "empty"),
            ("PNG bomb", TestImages.PngBomb(), "100000×100000"),
        };
        foreach (var (name, body, says) in bodies)
        {
            using var response = await fixture.PostAsync(body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(says, json.RootElement.GetProperty("error").GetString());
            await fixture.AssertHealthyAsync();
        }
        Assert.Empty(backend.BatchSizes);   // nothing malformed reached the model
        using var good = await fixture.PostAsync(TestImages.Encoded(8, 8));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_whether_its_length_is_declared_or_not()
    {
        await using var fixture = await ServerFixture.StartAsync(new FakeBackend(), new ServerOptions { MaxRequestBodySize = 1000 });
        using (var declared = await fixture.PostAsync(TestImages.RandomBytes(5000, seed: 2)))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        var chunked = new StreamContent(new MemoryStream(TestImages.RandomBytes(5000, seed: 3)));
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "predictions/Tiny") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using (var streamed = await fixture.Http.SendAsync(request))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        await fixture.AssertHealthyAsync();
    }

    [Fact]
    public async Task An_unknown_model_is_404_naming_the_served_one()
    {
        await using var fixture = await ServerFixture.StartAsync(new FakeBackend(), model: "ShapesFcos");
        using var response = await fixture.PostAsync(TestImages.Encoded(8, 8), model: "RetinaNet");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ShapesFcos", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_requests_by_status_batches_and_latencies()
    {
        await using var fixture = await ServerFixture.StartAsync(new FakeBackend(), new ServerOptions { MaxBatchSize = 1 });
        for (int i = 0; i < 3; i++)
        {
            using var ok = await fixture.PostAsync(TestImages.Encoded(8, 8));
        }
        using (await fixture.PostAsync([1, 2, 3])) { }
        using (await fixture.PostAsync(TestImages.Encoded(8, 8), model: "Other")) { }

        Assert.Equal(3, await fixture.MetricAsync("detect_requests_total{status=\"200\"}"));
        Assert.Equal(1, await fixture.MetricAsync("detect_requests_total{status=\"400\"}"));
        Assert.Equal(1, await fixture.MetricAsync("detect_requests_total{status=\"404\"}"));
        Assert.Equal(5, await fixture.MetricAsync("detect_request_duration_seconds_count"));
        Assert.Equal(3, await fixture.MetricAsync("detect_batch_size_count"));
        Assert.Equal(3, await fixture.MetricAsync("detect_batch_size_bucket{le=\"1\"}"));
        Assert.Equal(0, await fixture.MetricAsync("detect_queue_length"));
        Assert.NotNull(await fixture.MetricAsync("process_working_set_bytes"));
    }
}
