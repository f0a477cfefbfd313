using System.Numerics;

namespace Detect.Checkpoints.Pickle;

/// <summary>
/// Python's key equality for unpickled values: integers compare by value whatever their CLR type
/// (<see cref="long"/>, <see cref="BigInteger"/>, <see cref="bool"/>), tuples element by element.
/// </summary>
public sealed class PickleKeyComparer : IEqualityComparer<object>
{
    /// <summary>The one instance.</summary>
    public static PickleKeyComparer Instance { get; } = new();

    PickleKeyComparer() { }

    /// <inheritdoc/>
    public new bool Equals(object? x, object? y) => Normalize(x) is var a && Normalize(y) is var b && (a?.Equals(b) ?? b is null);

    /// <inheritdoc/>
    public int GetHashCode(object obj) => Normalize(obj)?.GetHashCode() ?? 0;

    // Integers of every size hash and compare as BigInteger; True/False are 1/0 as in Python.
    static object? Normalize(object? value) => value switch
    {
        bool b => new BigInteger(b ? 1 : 0),
        int i => new BigInteger(i),
        long l => new BigInteger(l),
        _ => value,
    };
}
