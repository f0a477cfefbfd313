namespace Detect.Masks;

/// <summary>
/// Operations on RLEs without decoding them, as pycocotools' <c>merge</c>, <c>area</c> and
/// <c>toBbox</c> (maskApi.c's <c>rleMerge</c>, <c>rleArea</c>, <c>rleToBbox</c>).
/// </summary>
public static class RleOps
{
    /// <summary>
    /// Union (or intersection) of masks of one size. Masks of different sizes give pycocotools'
    /// answer: an empty 0×0 RLE.
    /// </summary>
    public static Rle Merge(IReadOnlyList<Rle> rles, bool intersect = false)
    {
        if (rles.Count == 0) return new Rle(0, 0, []);
        var first = rles[0];
        if (rles.Count == 1) return new Rle(first.Height, first.Width, (uint[])first.Counts.Clone());
        int h = first.Height, w = first.Width;
        var merged = (uint[])first.Counts.Clone();
        int m = merged.Length;
        var buffer = new List<uint>();
        for (int i = 1; i < rles.Count; i++)
        {
            var b = rles[i];
            if (b.Height != h || b.Width != w) return new Rle(0, 0, []);
            MergeTwo(merged.AsSpan(0, m), b.Counts, intersect, buffer);
            merged = [.. buffer];
            m = merged.Length;
        }
        return new Rle(h, w, merged);
    }

    /// <summary>Emits a run each time the combined value changes, as <c>rleMerge</c>.</summary>
    private static void MergeTwo(ReadOnlySpan<uint> a, uint[] b, bool intersect, List<uint> output)
    {
        output.Clear();
        var walker = new RunPairWalker(a, b);
        bool current = false;
        uint run = 0;
        while (walker.Next(out uint length, out bool inA, out bool inB))
        {
            bool value = intersect ? inA && inB : inA || inB;
            if (value != current)
            {
                output.Add(run);
                run = 0;
                current = value;
            }
            run += length;
        }
        output.Add(run);
    }

    /// <summary>Number of set pixels (the sum of the odd-indexed runs), as uint like pycocotools.</summary>
    public static uint Area(Rle rle)
    {
        uint area = 0;
        var counts = rle.Counts;
        for (int j = 1; j < counts.Length; j += 2) area += counts[j];
        return area;
    }

    /// <summary>
    /// Bounding box [x, y, w, h] of the set pixels, exactly as pycocotools computes it (including its
    /// rule that a mask spanning several columns gets the full height when a run wraps across a column).
    /// </summary>
    public static double[] ToBbox(Rle rle)
    {
        var bb = new double[4];
        WriteBbox(rle, bb);
        return bb;
    }

    /// <summary><see cref="ToBbox"/> into a caller's buffer of four values.</summary>
    public static void WriteBbox(Rle rle, Span<double> bb)
    {
        uint h = (uint)rle.Height, w = (uint)rle.Width;
        var counts = rle.Counts;
        int m = counts.Length / 2 * 2;
        if (m == 0)
        {
            bb[..4].Clear();
            return;
        }
        uint xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++)
        {
            cc += counts[j];
            uint t = cc - (uint)(j % 2);
            uint y = t % h, x = (t - y) / h;
            if (j % 2 == 0) xp = x;
            else if (xp < x) { ys = 0; ye = h - 1; }
            xs = Math.Min(xs, x);
            xe = Math.Max(xe, x);
            ys = Math.Min(ys, y);
            ye = Math.Max(ye, y);
        }
        bb[0] = xs;
        bb[2] = xe - xs + 1;
        bb[1] = ys;
        bb[3] = ye - ys + 1;
    }
}
