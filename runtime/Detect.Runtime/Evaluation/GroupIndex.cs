namespace Detect.Evaluation;

/// <summary>
/// Object indices grouped by a key in 0..groups−1 (compressed rows), each group in the objects'
/// original order: pycocotools' <c>_gts[imgId, catId]</c> / <c>_dts[imgId, catId]</c> lists, built
/// by one counting pass instead of a dictionary of lists.
/// </summary>
internal sealed class GroupIndex
{
    private readonly int[] _offsets;
    private readonly int[] _items;

    /// <param name="keys">Group of each object, or −1 for objects left out.</param>
    /// <param name="groups">Number of groups.</param>
    public GroupIndex(ReadOnlySpan<int> keys, int groups)
    {
        _offsets = new int[groups + 1];
        foreach (int k in keys) if (k >= 0) _offsets[k + 1]++;
        for (int g = 0; g < groups; g++) _offsets[g + 1] += _offsets[g];
        _items = new int[_offsets[groups]];
        var next = _offsets[..groups];
        for (int i = 0; i < keys.Length; i++)
            if (keys[i] >= 0) _items[next[keys[i]]++] = i;
    }

    /// <summary>The objects of one group.</summary>
    public ReadOnlySpan<int> this[int group] => _items.AsSpan(_offsets[group], _offsets[group + 1] - _offsets[group]);

    /// <summary>The objects of consecutive groups [first, first + count), in group order.</summary>
    public ReadOnlySpan<int> Range(int first, int count) => _items.AsSpan(_offsets[first], _offsets[first + count] - _offsets[first]);

    /// <summary>Every grouped object.</summary>
    public IReadOnlyList<int> All => _items;
}
