using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Platform;

/// <summary>
/// Leaves NaN in the memory the allocator hands out next, so that a kernel reading memory it never wrote
/// shows it (NaN in its result) instead of passing by luck on zeroed pages. What
/// <see cref="ConvBackwardCheck"/> and the gradient sweep (tests/Detect.GradientSweep) call before each
/// forward and backward pass they measure.
/// </summary>
public static class AllocatorPoison
{
    /// <summary>Smallest block (bytes): the size of the smallest channel-padded buffer of oneDNN's faulty kernels seen here.</summary>
    public const int SmallestBlock = 2 * 1024;

    /// <summary>
    /// Largest block (bytes). glibc's malloc serves blocks of 128 KB and more with mmap and returns them to the
    /// system on free, so larger blocks come back as fresh zeroed pages and cannot be poisoned this way.
    /// </summary>
    public const int LargestBlock = 96 * 1024;

    /// <summary>Allocates NaN-filled blocks from <see cref="SmallestBlock"/> to <see cref="LargestBlock"/> bytes and frees them again.</summary>
    public static void Poison()
    {
        using var nan = float.NaN.ToScalar();
        var blocks = new List<Tensor>();
        for (long elements = SmallestBlock / sizeof(float); elements <= LargestBlock / sizeof(float); elements += SmallestBlock / sizeof(float))
            blocks.Add(full([elements], nan));
        foreach (var block in blocks) block.Dispose();
    }
}
