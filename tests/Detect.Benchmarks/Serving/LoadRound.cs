using System.Diagnostics;
using System.Net.Http.Headers;
using Detect.Serving.Tests;

namespace Detect.Benchmarks.Serving;

/// <summary>What one round of <c>serve-load</c> measured: answers, errors, latencies (sorted) and time.</summary>
public sealed record LoadResult(int Requests, IReadOnlyList<string> Errors, double[] SortedLatenciesMs, double Seconds)
{
    /// <summary>This round and <paramref name="next"/> as one.</summary>
    public LoadResult Then(LoadResult next) =>
        new(Requests + next.Requests, [.. Errors, .. next.Errors], [.. SortedLatenciesMs.Concat(next.SortedLatenciesMs).Order()], Seconds + next.Seconds);

    /// <summary>The latency below which <paramref name="fraction"/> of the requests were answered (nearest rank).</summary>
    public double Percentile(double fraction) =>
        SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[Math.Clamp((int)Math.Ceiling(fraction * SortedLatenciesMs.Length) - 1, 0, SortedLatenciesMs.Length - 1)];
}

/// <summary>The two kinds of traffic <c>serve-load</c> sends: concurrent clients posting images, and malformed bodies.</summary>
public static class LoadRound
{
    /// <summary><paramref name="clients"/> clients each POSTing <paramref name="requests"/> images one after another; any answer but 200 is an error.</summary>
    public static async Task<LoadResult> RunAsync(HttpClient http, IReadOnlyList<byte[]> images, int clients, int requests, CancellationToken cancel)
    {
        var latencies = new double[clients * requests];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (int r = 0; r < requests; r++)
            {
                int index = client * requests + r;
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("predictions/ShapesFcos", Content(images[index % images.Count]), cancel);
                    if (!response.IsSuccessStatusCode) errors.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.Enqueue($"{e.GetType().Name}: {e.Message}");
                }
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, cancel)));
        double seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(clients * requests, [.. errors], latencies, seconds);
    }

    /// <summary>
    /// <paramref name="count"/> malformed bodies in turn — a truncated JPEG, random bytes, a 100 MB body, a PNG bomb — each
    /// followed by <c>GET /health</c>; returns how many got a 4xx, and what else happened.
    /// </summary>
    public static async Task<(int Refused, IReadOnlyList<string> Problems)> MalformedAsync(HttpClient http, int count, CancellationToken cancel)
    {
        var huge = new byte[100 * 1024 * 1024];
        var problems = new List<string>();
        int refused = 0;
        for (int i = 0; i < count; i++)
        {
            var (name, body) = (i % 4) switch
            {
                0 => ("truncated JPEG", TestImages.TruncatedJpeg()),
                1 => ("random bytes", TestImages.RandomBytes(2048 + i, seed: i)),
                2 => ("100 MB body", huge),
                _ => ("PNG bomb", TestImages.PngBomb(50_000 + i, 50_000)),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "predictions/ShapesFcos") { Content = Content(body) };
            request.Headers.ExpectContinue = body.Length > 1024 * 1024;   // a client sending 100 MB asks first, as curl does
            try
            {
                using var response = await http.SendAsync(request, cancel);
                if ((int)response.StatusCode is >= 400 and < 500) refused++;
                else problems.Add($"{name}: answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                problems.Add($"{name}: {e.Message}");
            }
            using var health = await http.GetAsync("health", cancel);
            if (!health.IsSuccessStatusCode) problems.Add($"after {name}: /health answered {(int)health.StatusCode}");
        }
        return (refused, problems);
    }

    static ByteArrayContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
