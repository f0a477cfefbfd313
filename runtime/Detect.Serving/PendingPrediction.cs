using Detect.Transforms;

namespace Detect.Serving;

/// <summary>One decoded request waiting in <see cref="BatchQueue"/>: its image, its client's cancellation, and where its JSON goes.</summary>
/// <param name="Image">The decoded image (HWC uint8 BGR).</param>
/// <param name="Aborted">Cancelled when the client goes away; such a request is dropped before the forward pass.</param>
public sealed record PendingPrediction(ImageBuffer Image, CancellationToken Aborted)
{
    /// <summary>Completed with the prediction JSON, or with the failure of the batch (continuations run off the worker).</summary>
    public TaskCompletionSource<byte[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
