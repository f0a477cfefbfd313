using static TorchSharp.torch;

namespace Detect.Visualization;

/// <summary>A tensor's values as a CPU array (TorchSharp's accessor throws on empty tensors).</summary>
internal static class TensorValues
{
    public static T[] Of<T>(Tensor t) where T : unmanaged
    {
        if (t.numel() == 0) return [];
        using var cpu = t.cpu().contiguous();
        return cpu.data<T>().ToArray();
    }
}
