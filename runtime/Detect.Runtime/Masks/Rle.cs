namespace Detect.Masks;

/// <summary>
/// A binary mask in pycocotools' run-length encoding: <see cref="Counts"/> are the lengths of the runs
/// met when the mask is read column by column (Fortran order), alternating 0s and 1s and starting with
/// 0s (so a mask whose first pixel is set starts with a 0-length run).
/// </summary>
/// <remarks>
/// Equality compares size and runs, so two encodings of the same mask produced the same way are equal.
/// The compressed string form of COCO files is <see cref="RleCodec.ToCompressedString"/>.
/// </remarks>
public sealed class Rle : IEquatable<Rle>
{
    /// <summary>Creates an encoding; <paramref name="counts"/> is kept, not copied.</summary>
    public Rle(int height, int width, uint[] counts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentNullException.ThrowIfNull(counts);
        Height = height;
        Width = width;
        Counts = counts;
    }

    /// <summary>Mask height in pixels (pycocotools' <c>size[0]</c>).</summary>
    public int Height { get; }

    /// <summary>Mask width in pixels (pycocotools' <c>size[1]</c>).</summary>
    public int Width { get; }

    /// <summary>Run lengths, column-major, starting with a run of 0s.</summary>
    public uint[] Counts { get; }

    /// <summary>An all-zero mask of the given size (one run of h·w zeros, as pycocotools encodes it).</summary>
    public static Rle Empty(int height, int width) => new(height, width, [(uint)((ulong)height * (ulong)width)]);

    /// <inheritdoc />
    public bool Equals(Rle? other) =>
        other is not null && Height == other.Height && Width == other.Width && Counts.AsSpan().SequenceEqual(other.Counts);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Rle);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Height);
        hash.Add(Width);
        foreach (var c in Counts) hash.Add(c);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"Rle({Height}×{Width}, \"{RleCodec.ToCompressedString(this)}\")";
}
