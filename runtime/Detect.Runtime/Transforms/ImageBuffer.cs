namespace Detect.Transforms;

/// <summary>
/// An image as the pipeline carries it: height × width × channels bytes, row-major, channels
/// interleaved (HWC), colour channels in <b>BGR</b> order as MMDetection's cv2 backend; one channel for
/// grayscale images; four (BGRA, not premultiplied) for images with alpha loaded with
/// <see cref="ColorType.Unchanged"/>.
/// </summary>
/// <remarks>
/// Treat the pixels as read-only once the buffer is handed on: transforms allocate a new buffer for
/// their result, so branches of a test-time augmentation can share their input safely.
/// </remarks>
public sealed class ImageBuffer
{
    readonly byte[] data;

    /// <summary>Wraps <paramref name="data"/> (takes ownership; not copied).</summary>
    public ImageBuffer(int height, int width, int channels, byte[] data)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"Image size must be positive, got {height}×{width}.");
        if (channels is not (1 or 3 or 4)) throw new ArgumentException($"Images have 1, 3 or 4 channels, got {channels}.", nameof(channels));
        if (data.Length != (long)height * width * channels)
            throw new ArgumentException($"A {height}×{width}×{channels} image needs {(long)height * width * channels} bytes, got {data.Length}.", nameof(data));
        Height = height;
        Width = width;
        Channels = channels;
        this.data = data;
    }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>3 (BGR), 1 (gray) or 4 (BGRA).</summary>
    public int Channels { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * Channels;

    /// <summary>All pixels, HWC.</summary>
    public ReadOnlySpan<byte> Pixels => data;

    /// <summary>One row's pixels.</summary>
    public ReadOnlySpan<byte> Row(int y) => data.AsSpan(y * Stride, Stride);

    /// <summary>The pixel bytes of (y, x), one per channel.</summary>
    public ReadOnlySpan<byte> At(int y, int x) => data.AsSpan(y * Stride + x * Channels, Channels);

    /// <summary>The backing array, for kernels in this assembly that read it without copying.</summary>
    internal byte[] Data => data;

    /// <summary>A new image whose bytes are not initialized (the caller writes every byte).</summary>
    internal static ImageBuffer Uninitialized(int height, int width, int channels) =>
        new(height, width, channels, GC.AllocateUninitializedArray<byte>(checked(height * width * channels)));

    /// <summary>A new image filled with <paramref name="value"/> in every channel.</summary>
    public static ImageBuffer Filled(int height, int width, int channels, byte value)
    {
        var image = Uninitialized(height, width, channels);
        image.data.AsSpan().Fill(value);
        return image;
    }
}
