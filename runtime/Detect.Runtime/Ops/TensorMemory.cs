using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>Raw access to the memory of contiguous CPU tensors, for the managed kernels.</summary>
/// <remarks>
/// The pointer is valid while the tensor is alive and not resized; callers keep the tensor referenced
/// for as long as they use it. TorchSharp exposes the storage base; the tensor's storage offset
/// (a contiguous slice of a larger tensor) is added here.
/// </remarks>
internal static unsafe class TensorMemory
{
    public static T* Pointer<T>(Tensor tensor) where T : unmanaged
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new InvalidOperationException("Managed kernels need contiguous CPU tensors.");
        using var storage = tensor.storage<T>();
        return (T*)storage.data_ptr() + tensor.storage_offset();
    }
}
