using System.Text;

namespace Detect.Masks;

/// <summary>
/// The compressed string form of an RLE used in COCO files (pycocotools' <c>rleToString</c> /
/// <c>rleFrString</c>): each count, from the third on stored as the difference to the count two
/// before, is written LEB128-like in 5-bit groups with a continuation bit, as ASCII characters 48..111.
/// </summary>
public static class RleCodec
{
    /// <summary>Encodes <paramref name="rle"/>'s counts as pycocotools' compressed string.</summary>
    public static string ToCompressedString(Rle rle)
    {
        var counts = rle.Counts;
        var chars = new StringBuilder(counts.Length * 2);
        for (int i = 0; i < counts.Length; i++)
        {
            long x = counts[i];
            if (i > 2) x -= counts[i - 2];
            bool more = true;
            while (more)
            {
                int c = (int)(x & 0x1f);
                x >>= 5;
                // The sign bit of the group (0x10) tells whether the remaining value is -1 or 0 when done.
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                chars.Append((char)(c + 48));
            }
        }
        return chars.ToString();
    }

    /// <summary>Decodes a compressed string into an RLE of the given size.</summary>
    /// <exception cref="FormatException">A character outside the codec's alphabet '0'..'o'.</exception>
    public static Rle FromCompressedString(string counts, int height, int width)
    {
        foreach (char ch in counts)
            if (ch > 127) throw new FormatException($"RLE string contains '{ch}', outside the compressed-RLE alphabet '0'..'o'.");
        return FromCompressedString(Encoding.ASCII.GetBytes(counts), height, width);
    }

    /// <summary>Decodes the compressed string given as its ASCII bytes (as stored in a JSON file).</summary>
    public static Rle FromCompressedString(ReadOnlySpan<byte> counts, int height, int width)
    {
        var decoded = new uint[counts.Length];
        int m = 0, p = 0;
        while (p < counts.Length)
        {
            long x = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p >= counts.Length)
                    throw new FormatException("RLE string ends inside a count (its last character has the continuation bit set).");
                if (counts[p] is < 48 or > 111)
                    throw new FormatException($"RLE string contains '{(char)counts[p]}' at {p}, outside the compressed-RLE alphabet '0'..'o'.");
                int c = counts[p] - 48;
                // 32-bit shifts as in maskApi.c (x86 masks the shift count the same way C# does).
                x |= (long)((c & 0x1f) << (5 * k));
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= (long)(-1 << (5 * k));
            }
            if (m > 2) x += decoded[m - 2];
            decoded[m++] = unchecked((uint)x);
        }
        return new Rle(height, width, decoded.AsSpan(0, m).ToArray());
    }
}
