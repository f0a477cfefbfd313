using Detect.Distributed;
using static TorchSharp.torch;

namespace Detect.Distributed.Tests;

/// <summary>A context that only claims a rank and world size: enough for what the sampler reads.</summary>
sealed class FixedRankContext(int rank, int worldSize) : IDistributedContext
{
    public int Rank => rank;
    public int WorldSize => worldSize;
    public void AllReduceSum(IReadOnlyList<Tensor> tensors) => throw new NotSupportedException();
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root = 0) => throw new NotSupportedException();
    public IReadOnlyList<byte[]>? Gather(byte[] bytes, int root = 0) => throw new NotSupportedException();
    public void Barrier() { }
    public void Abort(Exception error) => throw new NotSupportedException();
    public void Dispose() { }
}
