using System.Collections;

namespace Detect.Checkpoints.Pickle;

/// <summary>A Python tuple: an immutable list with structural equality, so it can be a dict key.</summary>
public sealed class PickleTuple(IReadOnlyList<object?> items) : IReadOnlyList<object?>, IEquatable<PickleTuple>
{
    readonly object?[] items = [.. items];

    /// <summary>The empty tuple.</summary>
    public static PickleTuple Empty { get; } = new([]);

    /// <inheritdoc/>
    public object? this[int index] => items[index];

    /// <inheritdoc/>
    public int Count => items.Length;

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(PickleTuple? other) =>
        other is not null && items.Length == other.items.Length &&
        items.Zip(other.items).All(p => PickleKeyComparer.Instance.Equals(p.First, p.Second));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PickleTuple);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(PickleKeyComparer.Instance.GetHashCode(item!));
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => "(" + string.Join(", ", items.Select(i => i?.ToString() ?? "None")) + (items.Length == 1 ? ",)" : ")");
}
