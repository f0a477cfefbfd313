namespace Detect.Distributed;

/// <summary>
/// MMEngine's <c>collect_results</c>: every rank's results (in its shard's order) gathered to rank 0,
/// interleaved back into dataset order (rank 0's first, rank 1's first, …, as <see cref="RankShard"/>
/// dealt them) and cut to the dataset size, which drops the padding.
/// </summary>
public static class CollectResults
{
    /// <summary>Interleaves <paramref name="parts"/> (one list per rank) and keeps the first <paramref name="size"/>.</summary>
    public static List<T> Interleave<T>(IReadOnlyList<IReadOnlyList<T>> parts, int size)
    {
        var ordered = new List<T>(size);
        int rounds = parts.Count == 0 ? 0 : parts.Min(p => p.Count); // zip(*part_list) stops at the shortest
        for (int k = 0; k < rounds && ordered.Count < size; k++)
            foreach (var part in parts)
                if (ordered.Count < size) ordered.Add(part[k]);
        return ordered;
    }

    /// <summary>
    /// Gathers this rank's <paramref name="results"/> to rank 0 through <paramref name="context"/>
    /// (serialized by <paramref name="serialize"/>); rank 0 gets the dataset-ordered list of
    /// <paramref name="size"/> results, the other ranks null.
    /// </summary>
    public static List<T>? Gather<T>(IDistributedContext context, IReadOnlyList<T> results, int size,
        Func<IReadOnlyList<T>, byte[]> serialize, Func<byte[], IReadOnlyList<T>> deserialize)
    {
        if (context.WorldSize == 1) return [.. results.Take(size)];
        var parts = context.Gather(serialize(results));
        return parts is null ? null : Interleave(parts.Select(deserialize).ToList(), size);
    }
}
