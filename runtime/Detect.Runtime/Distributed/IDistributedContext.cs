using static TorchSharp.torch;

namespace Detect.Distributed;

/// <summary>
/// The collectives data-parallel training needs (MMEngine's <c>mmengine.dist</c>): this process's rank
/// among <see cref="WorldSize"/> processes, all-reduce, broadcast, gather and barrier. The single-process
/// context (<see cref="SingleProcessContext"/>) is the default; <c>--launcher mpi</c> selects the MPI one
/// (package Detect.Distributed). Tensors on a CUDA device are staged through host memory by the MPI context;
/// a device-side backend (NCCL) would implement this same interface.
/// </summary>
public interface IDistributedContext : IDisposable
{
    /// <summary>This process's rank, 0 to <see cref="WorldSize"/> − 1; rank 0 logs, saves and evaluates.</summary>
    int Rank { get; }

    /// <summary>Number of processes training together.</summary>
    int WorldSize { get; }

    /// <summary>Sums each tensor over all ranks, in place (contiguous float32 or float64 tensors).</summary>
    void AllReduceSum(IReadOnlyList<Tensor> tensors);

    /// <summary>Replaces each tensor, in place, by rank <paramref name="root"/>'s values.</summary>
    void Broadcast(IReadOnlyList<Tensor> tensors, int root = 0);

    /// <summary>Every rank's bytes, in rank order, on <paramref name="root"/>; null on the other ranks.</summary>
    IReadOnlyList<byte[]>? Gather(byte[] bytes, int root = 0);

    /// <summary>Waits until every rank reaches this call.</summary>
    void Barrier();

    /// <summary>
    /// Ends every rank at once after <paramref name="error"/> on this one (MPI_Abort): the others would
    /// otherwise wait forever in their next collective.
    /// </summary>
    void Abort(Exception error);
}
