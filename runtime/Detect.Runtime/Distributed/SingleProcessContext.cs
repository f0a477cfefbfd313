using static TorchSharp.torch;

namespace Detect.Distributed;

/// <summary>One process, world size 1: every collective is the identity. The default context.</summary>
public sealed class SingleProcessContext : IDistributedContext
{
    /// <summary>The one instance.</summary>
    public static SingleProcessContext Instance { get; } = new();

    SingleProcessContext() { }

    /// <inheritdoc />
    public int Rank => 0;

    /// <inheritdoc />
    public int WorldSize => 1;

    /// <inheritdoc />
    public void AllReduceSum(IReadOnlyList<Tensor> tensors) { }

    /// <inheritdoc />
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root = 0) { }

    /// <inheritdoc />
    public IReadOnlyList<byte[]>? Gather(byte[] bytes, int root = 0) => [bytes];

    /// <inheritdoc />
    public void Barrier() { }

    /// <inheritdoc />
    public void Abort(Exception error) { }

    /// <inheritdoc />
    public void Dispose() { }
}
