namespace Detect.Serving;

/// <summary>A request the server refuses, with the HTTP status and the message the client gets (no stack trace).</summary>
/// <param name="statusCode">400 for a bad image, 404 for an unknown model, 413 for a body over the limit, 503 for a full queue.</param>
/// <param name="message">What was wrong, in words a client can act on.</param>
public sealed class RequestRejectedException(int statusCode, string message) : Exception(message)
{
    /// <summary>The HTTP status the request is answered with.</summary>
    public int StatusCode { get; } = statusCode;
}
