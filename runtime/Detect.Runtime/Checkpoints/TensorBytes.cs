using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Checkpoints;

/// <summary>
/// Copies between contiguous CPU tensors and bytes, in chunks: TorchSharp's <c>Tensor.bytes</c>
/// is a span, limited to 2 GiB, and a checkpoint's tensors need not be.
/// </summary>
internal static class TensorBytes
{
    const long ChunkBytes = 1L << 28;

    /// <summary>Fills <paramref name="destination"/> (contiguous, CPU) with <paramref name="source"/>.</summary>
    public static void Fill(Tensor destination, ReadOnlySpan<byte> source)
    {
        using var flat = destination.view(-1);
        int size = DTypes.ElementSize(destination.dtype);
        long perChunk = Math.Max(1, ChunkBytes / size);
        for (long start = 0; start < flat.numel(); start += perChunk)
        {
            long count = Math.Min(perChunk, flat.numel() - start);
            using var part = flat.narrow(0, start, count);
            var chunk = source.Slice((int)(start * size), (int)(count * size));
            // TorchSharp's setter takes a Span but only reads it.
            part.bytes = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(chunk), chunk.Length);
        }
    }

    /// <summary>Writes <paramref name="tensor"/>'s elements (moved to CPU, made contiguous) to <paramref name="stream"/>.</summary>
    public static void WriteTo(Tensor tensor, Stream stream)
    {
        using var scope = NewDisposeScope();
        var flat = tensor.detach().cpu().contiguous().view(-1);
        int size = DTypes.ElementSize(flat.dtype);
        long perChunk = Math.Max(1, ChunkBytes / size);
        for (long start = 0; start < flat.numel(); start += perChunk)
        {
            var part = flat.narrow(0, start, Math.Min(perChunk, flat.numel() - start));
            stream.Write(part.bytes);
        }
    }
}
