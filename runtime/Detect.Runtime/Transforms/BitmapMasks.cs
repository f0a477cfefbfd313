namespace Detect.Transforms;

/// <summary>
/// Instance masks as MMDetection's <c>BitmapMasks</c>: <see cref="Count"/> masks of height × width
/// bytes (0 or 1), stored mask after mask. Immutable like <see cref="ImageBuffer"/>: operations return
/// new masks.
/// </summary>
public sealed class BitmapMasks
{
    readonly byte[] data;

    /// <summary>Wraps <paramref name="data"/> (count × height × width bytes; not copied).</summary>
    public BitmapMasks(int count, int height, int width, byte[] data)
    {
        if (count < 0 || height < 0 || width < 0) throw new ArgumentException($"Invalid mask shape {count}×{height}×{width}.");
        if (data.Length != (long)count * height * width)
            throw new ArgumentException($"{count} masks of {height}×{width} need {(long)count * height * width} bytes, got {data.Length}.", nameof(data));
        Count = count;
        Height = height;
        Width = width;
        this.data = data;
    }

    /// <summary>Number of masks.</summary>
    public int Count { get; }

    /// <summary>Mask height.</summary>
    public int Height { get; }

    /// <summary>Mask width.</summary>
    public int Width { get; }

    /// <summary>All masks, one after another.</summary>
    public ReadOnlySpan<byte> Pixels => data;

    /// <summary>Mask <paramref name="i"/>, row-major.</summary>
    public ReadOnlySpan<byte> Mask(int i) => data.AsSpan(i * Height * Width, Height * Width);

    internal byte[] Data => data;

    /// <summary>No masks, at the given size.</summary>
    public static BitmapMasks Empty(int height, int width) => new(0, height, width, []);

    /// <summary>Foreground pixels of every mask (MMDetection's <c>areas</c>).</summary>
    public int[] Areas()
    {
        var areas = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            int area = 0;
            foreach (byte v in Mask(i)) area += v != 0 ? 1 : 0;
            areas[i] = area;
        }
        return areas;
    }

    /// <summary>The masks at <paramref name="indices"/>, in that order.</summary>
    public BitmapMasks Select(IReadOnlyList<int> indices)
    {
        int size = Height * Width;
        var selected = GC.AllocateUninitializedArray<byte>(indices.Count * size);
        for (int k = 0; k < indices.Count; k++) Mask(indices[k]).CopyTo(selected.AsSpan(k * size, size));
        return new BitmapMasks(indices.Count, Height, Width, selected);
    }

    /// <summary>These masks followed by <paramref name="other"/>'s (same size required).</summary>
    public BitmapMasks Concat(BitmapMasks other)
    {
        if (other.Height != Height || other.Width != Width)
            throw new ArgumentException($"Cannot concatenate {Height}×{Width} masks with {other.Height}×{other.Width} masks.");
        return new BitmapMasks(Count + other.Count, Height, Width, [.. data, .. other.data]);
    }

    /// <summary>Applies a one-channel image kernel to every mask, giving masks of the new size.</summary>
    internal BitmapMasks Map(int newHeight, int newWidth, MaskKernel kernel)
    {
        int size = newHeight * newWidth;
        var mapped = GC.AllocateUninitializedArray<byte>(Count * size);
        for (int i = 0; i < Count; i++) kernel(Mask(i), mapped.AsSpan(i * size, size));
        return new BitmapMasks(Count, newHeight, newWidth, mapped);
    }
}

/// <summary>Maps one mask (at the old size) into its output (at the new size).</summary>
internal delegate void MaskKernel(ReadOnlySpan<byte> source, Span<byte> destination);
