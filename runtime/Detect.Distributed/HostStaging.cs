using static TorchSharp.torch;

namespace Detect.Distributed;

/// <summary>
/// A tensor's memory as MPI sees it: a contiguous CPU tensor is used where it lies; any other tensor
/// (a CUDA one, or a strided view) is copied to a contiguous host tensor and, on dispose, copied back.
/// This is the "host-staged" path of docs/distributed.md; a device backend (NCCL) would skip it.
/// </summary>
sealed class HostStaging : IDisposable
{
    readonly Tensor target;
    readonly Tensor host;
    readonly bool staged;

    HostStaging(Tensor target)
    {
        this.target = target;
        staged = target.device_type != TorchSharp.DeviceType.CPU || !target.is_contiguous();
        host = staged ? target.detach().to(CPU).contiguous() : target;
    }

    /// <summary>Stages <paramref name="tensor"/>.</summary>
    public static HostStaging Stage(Tensor tensor) => new(tensor);

    /// <summary>Calls <paramref name="action"/> with the host memory's address and byte count.</summary>
    public unsafe void Call(Action<IntPtr, int> action)
    {
        var bytes = host.bytes;
        fixed (byte* p = bytes) action((IntPtr)p, bytes.Length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!staged) return;
        using (no_grad()) target.copy_(host);
        host.Dispose();
    }
}
