namespace Detect.Masks;

/// <summary>
/// Binary masks ↔ RLE (pycocotools' <c>encode</c> / <c>decode</c>). Masks are bytes, 0 = background,
/// anything else = set; pycocotools reads them column-major (Fortran order), and so do the
/// <c>ColumnMajor</c> methods here; the <c>RowMajor</c> methods take and give the H×W row-major
/// layout of tensors and images and produce the same RLE.
/// </summary>
public static class RleEncoding
{
    /// <summary>Encodes a column-major h·w mask (pycocotools' <c>rleEncode</c>).</summary>
    public static Rle EncodeColumnMajor(ReadOnlySpan<byte> mask, int height, int width)
    {
        CheckLength(mask.Length, height, width);
        var runs = new RunBuilder(mask.Length);
        foreach (byte value in mask) runs.Add(value != 0);
        return runs.Finish(height, width);
    }

    /// <summary>Encodes a row-major H×W mask (a tensor's or image's layout) into the same RLE as pycocotools.</summary>
    public static Rle EncodeRowMajor(ReadOnlySpan<byte> mask, int height, int width)
    {
        CheckLength(mask.Length, height, width);
        var runs = new RunBuilder(mask.Length);
        for (int x = 0; x < width; x++)
            for (int y = 0; y < height; y++)
                runs.Add(mask[y * width + x] != 0);
        return runs.Finish(height, width);
    }

    /// <summary>Decodes into a column-major h·w mask of 0/1 bytes (pycocotools' <c>rleDecode</c>).</summary>
    /// <exception cref="ArgumentException">The runs do not add up to h·w.</exception>
    public static byte[] DecodeColumnMajor(Rle rle)
    {
        var mask = new byte[CheckedArea(rle)];
        int position = 0;
        byte value = 0;
        foreach (uint count in rle.Counts)
        {
            mask.AsSpan(position, (int)count).Fill(value);
            position += (int)count;
            value ^= 1;
        }
        return mask;
    }

    /// <summary>Decodes into a row-major H×W mask of 0/1 bytes, ready for a tensor.</summary>
    /// <exception cref="ArgumentException">The runs do not add up to h·w.</exception>
    public static byte[] DecodeRowMajor(Rle rle)
    {
        var mask = new byte[CheckedArea(rle)];
        int h = rle.Height, w = rle.Width;
        long position = 0;
        bool value = false;
        foreach (uint count in rle.Counts)
        {
            if (value)
                for (long p = position; p < position + count; p++)
                    mask[(p % h) * w + p / h] = 1;
            position += count;
            value = !value;
        }
        return mask;
    }

    private static int CheckedArea(Rle rle)
    {
        ulong total = 0;
        foreach (uint c in rle.Counts) total += c;
        ulong area = (ulong)rle.Height * (ulong)rle.Width;
        if (total != area)
            throw new ArgumentException($"RLE runs add up to {total} pixels, but its size {rle.Height}×{rle.Width} has {area}.", nameof(rle));
        if (area > int.MaxValue)
            throw new ArgumentException($"RLE size {rle.Height}×{rle.Width} is too large to decode into one array.", nameof(rle));
        return (int)area;
    }

    private static void CheckLength(int length, int height, int width)
    {
        if ((long)height * width != length)
            throw new ArgumentException($"Mask has {length} pixels, but {height}×{width} = {(long)height * width}.");
    }

    /// <summary>Collects runs of equal values, starting with a run of zeros.</summary>
    private struct RunBuilder(int capacity)
    {
        private readonly List<uint> _counts = new(Math.Min(capacity + 1, 1024));
        private bool _value;
        private uint _run;

        public void Add(bool value)
        {
            if (value != _value)
            {
                _counts.Add(_run);
                _run = 0;
                _value = value;
            }
            _run++;
        }

        public readonly Rle Finish(int height, int width)
        {
            _counts.Add(_run);
            return new Rle(height, width, [.. _counts]);
        }
    }
}
