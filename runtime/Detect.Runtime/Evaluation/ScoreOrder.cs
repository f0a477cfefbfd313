using System.Buffers;

namespace Detect.Evaluation;

/// <summary>
/// pycocotools' <c>np.argsort(-scores, kind='mergesort')</c>: highest score first, ties kept in their
/// original order, NaN scores last.
/// </summary>
internal static class ScoreOrder
{
    /// <summary>Sorts <paramref name="items"/> (indices into <paramref name="scores"/>, in original order) by descending score, stably.</summary>
    public static void SortDescending(Span<int> items, ReadOnlySpan<double> scores)
    {
        if (items.Length < 2) return;
        var rented = ArrayPool<(double, int, int)>.Shared.Rent(items.Length);
        var keyed = rented.AsSpan(0, items.Length);
        for (int i = 0; i < items.Length; i++) keyed[i] = (-scores[items[i]], i, items[i]);
        keyed.Sort(Compare);
        for (int i = 0; i < items.Length; i++) items[i] = keyed[i].Item3;
        ArrayPool<(double, int, int)>.Shared.Return(rented);
    }

    /// <summary>Sorts positions 0..n−1 by descending <paramref name="scores"/>, stably.</summary>
    public static int[] ArgsortDescending(ReadOnlySpan<double> scores)
    {
        var keyed = new (double Negated, int Position, int Item)[scores.Length];
        for (int i = 0; i < scores.Length; i++) keyed[i] = (-scores[i], i, i);
        keyed.AsSpan().Sort(Compare);
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = keyed[i].Item;
        return order;
    }

    // numpy orders NaN after every number; equal keys fall back to the original position (stability).
    private static int Compare((double Negated, int Position, int Item) a, (double Negated, int Position, int Item) b)
    {
        if (a.Negated < b.Negated) return -1;
        if (a.Negated > b.Negated) return 1;
        bool aNan = double.IsNaN(a.Negated), bNan = double.IsNaN(b.Negated);
        if (aNan != bNan) return aNan ? 1 : -1;
        return a.Position.CompareTo(b.Position);
    }
}
