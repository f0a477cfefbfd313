using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Detect.Serving;

/// <summary>
/// <c>POST /predictions/{model}</c>: reads the body (413 over the limit), decodes it (400 when it is no image or too large
/// an image), queues it for the next batch (503 when the queue is full) and answers the prediction JSON. Every answer is
/// counted by status and timed; a refusal's body is <c>{"error": "..."}</c>.
/// </summary>
/// <param name="modelName">The one model this server serves (the experiment's name); any other name is 404.</param>
/// <param name="queue">Where decoded images wait for the model.</param>
/// <param name="options">The limits.</param>
/// <param name="log">Where unexpected failures are logged (with their trace; the client gets the message only).</param>
public sealed class PredictionEndpoint(string modelName, BatchQueue queue, ServerOptions options, ILogger<PredictionEndpoint> log)
{
    /// <summary>Answers one request.</summary>
    public async Task HandleAsync(HttpContext context, string model)
    {
        long start = Stopwatch.GetTimestamp();
        int status = StatusCodes.Status500InternalServerError;
        try
        {
            if (!string.Equals(model, modelName, StringComparison.Ordinal))
                throw new RequestRejectedException(404, $"No model named '{model}': this server serves '{modelName}' (POST /predictions/{modelName}).");
            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            var image = RequestImage.Decode(body.AsSpan(), options.MaxImagePixels);
            byte[] json = await queue.Enqueue(image, context.RequestAborted);
            status = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(json, context.RequestAborted);
        }
        catch (RequestRejectedException e)
        {
            status = e.StatusCode;
            if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "1";
            if (status == StatusCodes.Status413PayloadTooLarge) CloseAfterResponse(context);
            await WriteErrorAsync(context, status, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while reading the body: 413 past MaxRequestBodySize (a chunked body), 400 for a malformed one.
            status = e.StatusCode;
            CloseAfterResponse(context);
            await WriteErrorAsync(context, status, status == StatusCodes.Status413PayloadTooLarge ? TooLarge() : $"The request body could not be read: {e.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499;   // the client closed the connection (nginx's code): nobody to answer
        }
        catch (Exception e)
        {
            log.LogError(e, "Prediction failed");
            await WriteErrorAsync(context, status, $"The prediction failed: {e.Message}");
        }
        finally
        {
            queue.Metrics.Requests.WithLabels(status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            queue.Metrics.Latency.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    /// <summary>The body's bytes; a declared length over the limit is refused before a byte is read.</summary>
    async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken aborted)
    {
        if (request.ContentLength > options.MaxRequestBodySize) throw new RequestRejectedException(413, TooLarge());
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 64 * 1024);
        await request.Body.CopyToAsync(buffer, aborted);
        return buffer.ToArray();
    }

    /// <summary>
    /// The rest of an unread body cannot be drained within the limit, so Kestrel drops the connection after the answer; saying
    /// so (<c>Connection: close</c>) keeps a client from sending its next request down a connection that is closing.
    /// </summary>
    static void CloseAfterResponse(HttpContext context)
    {
        if (!context.Response.HasStarted) context.Response.Headers.Connection = "close";
    }

    string TooLarge() => $"The request body is larger than this server's limit of {options.MaxRequestBodySize} bytes (--max-body-mb).";

    // Quotes and '×' as they are: the body goes to a client as application/json, never into HTML.
    static readonly JsonSerializerOptions ErrorJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }, ErrorJson));
    }
}
