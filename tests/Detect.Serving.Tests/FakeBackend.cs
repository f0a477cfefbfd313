using System.Collections.Concurrent;
using System.Text;
using Detect.Transforms;

namespace Detect.Serving.Tests;

/// <summary>
/// A backend that records the size of every batch it gets and answers each image with <c>{"width": W, "height": H}</c>,
/// so a test sees both how requests were batched and that each got its own answer. Each batch can be held back
/// (<see cref="Gate"/>) or slowed (<see cref="Delay"/>).
/// </summary>
internal sealed class FakeBackend : IDetectionBackend
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Set while batches may run; reset it to hold the worker inside its first batch.</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    /// <summary>Signalled when a batch has started.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    public TimeSpan Delay { get; init; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<byte[]> Predict(IReadOnlyList<ImageBuffer> images)
    {
        BatchSizes.Enqueue(images.Count);
        Started.Release();
        Gate.Wait(TimeSpan.FromSeconds(30));
        if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
        return [.. images.Select(i => Encoding.UTF8.GetBytes($"{{\"width\": {i.Width}, \"height\": {i.Height}}}"))];
    }

    public void Dispose() => Disposed = true;
}
