namespace Detect.Evaluation;

/// <summary>
/// numpy's default <c>np.argsort</c> (kind='quicksort') on float32 keys, as numpy 1.24 runs it:
/// introsort with median-of-three partitioning, insertion sort below 16 elements, heapsort past the
/// depth limit, NaN last. It is not stable, so equal scores come out in numpy's particular order;
/// MMDetection's <c>eval_map</c> depends on that order, hence this port.
/// </summary>
internal static class NumpyArgsort
{
    private const int SmallQuicksort = 15;

    /// <summary>Indices that sort <paramref name="v"/> ascending, in numpy's order.</summary>
    public static int[] Quicksort(ReadOnlySpan<float> v)
    {
        int num = v.Length;
        var t = new int[num];
        for (int i = 0; i < num; i++) t[i] = i;
        if (num < 2) return t;
        var stack = new Stack<(int Left, int Right, int Depth)>();
        int pl = 0, pr = num - 1;
        int cdepth = MostSignificantBit(num) * 2;
        while (true)
        {
            if (cdepth < 0)
            {
                HeapSort(v, t.AsSpan(pl, pr - pl + 1));
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (Less(v[t[pm]], v[t[pl]])) Swap(t, pm, pl);
                    if (Less(v[t[pr]], v[t[pm]])) Swap(t, pr, pm);
                    if (Less(v[t[pm]], v[t[pl]])) Swap(t, pm, pl);
                    float vp = v[t[pm]];
                    int pi = pl, pj = pr - 1;
                    Swap(t, pm, pj);
                    while (true)
                    {
                        do ++pi; while (Less(v[t[pi]], vp));
                        do --pj; while (Less(vp, v[t[pj]]));
                        if (pi >= pj) break;
                        Swap(t, pi, pj);
                    }
                    Swap(t, pi, pr - 1);
                    // The larger side waits on the stack; the smaller is sorted next.
                    --cdepth;
                    if (pi - pl < pr - pi)
                    {
                        stack.Push((pi + 1, pr, cdepth));
                        pr = pi - 1;
                    }
                    else
                    {
                        stack.Push((pl, pi - 1, cdepth));
                        pl = pi + 1;
                    }
                }
                for (int pi = pl + 1; pi <= pr; ++pi)
                {
                    int vi = t[pi];
                    float vv = v[vi];
                    int pj = pi, pk = pi - 1;
                    while (pj > pl && Less(vv, v[t[pk]])) t[pj--] = t[pk--];
                    t[pj] = vi;
                }
            }
            if (stack.Count == 0) break;
            (pl, pr, cdepth) = stack.Pop();
        }
        return t;
    }

    /// <summary>numpy's <c>aheapsort_</c> (heap indexed from 1).</summary>
    private static void HeapSort(ReadOnlySpan<float> v, Span<int> a)
    {
        int n = a.Length;
        for (int l = n >> 1; l > 0; --l) SiftDown(v, a, l, a[l - 1], n);
        while (n > 1)
        {
            int tmp = a[n - 1];
            a[n - 1] = a[0];
            n -= 1;
            SiftDown(v, a, 1, tmp, n);
        }
    }

    /// <summary>Places <paramref name="tmp"/> at heap position <paramref name="i"/> of a heap of <paramref name="n"/>, moving larger children up.</summary>
    private static void SiftDown(ReadOnlySpan<float> v, Span<int> a, int i, int tmp, int n)
    {
        for (int j = i << 1; j <= n;)
        {
            if (j < n && Less(v[a[j - 1]], v[a[j]])) j += 1;
            if (!Less(v[tmp], v[a[j - 1]])) break;
            a[i - 1] = a[j - 1];
            i = j;
            j += j;
        }
        a[i - 1] = tmp;
    }

    private static bool Less(float a, float b) => a < b || (float.IsNaN(b) && !float.IsNaN(a));

    private static void Swap(int[] t, int a, int b) => (t[a], t[b]) = (t[b], t[a]);

    private static int MostSignificantBit(int n)
    {
        int depth = 0;
        while (n > 1)
        {
            n >>= 1;
            depth++;
        }
        return depth;
    }
}
