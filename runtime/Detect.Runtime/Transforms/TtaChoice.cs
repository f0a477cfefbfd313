using System.Collections;
using System.Runtime.CompilerServices;

namespace Detect.Transforms;

/// <summary>
/// One step of <see cref="TestTimeAug"/>: its alternatives, one per branch of the views (an inner list of MMDetection's
/// <c>TestTimeAug(transforms=[[Resize(...), Resize(...)], [RandomFlip(prob=1.), RandomFlip(prob=0.)], ...])</c>).
/// Written as a collection: <c>[new RandomFlip(1.0), new RandomFlip(0.0)]</c>.
/// </summary>
[CollectionBuilder(typeof(TtaChoice), nameof(Create))]
public sealed class TtaChoice : IReadOnlyList<ITransform>
{
    readonly ITransform[] transforms;

    /// <summary>Creates the step.</summary>
    /// <param name="transforms">The alternatives, at least one.</param>
    public TtaChoice(IReadOnlyList<ITransform> transforms)
    {
        if (transforms is null || transforms.Count == 0) throw new ArgumentException("A TestTimeAug step needs at least one transform.", nameof(transforms));
        this.transforms = [.. transforms];
    }

    /// <summary>The collection-expression builder.</summary>
    public static TtaChoice Create(ReadOnlySpan<ITransform> transforms) => new(transforms.ToArray());

    /// <inheritdoc/>
    public int Count => transforms.Length;

    /// <inheritdoc/>
    public ITransform this[int index] => transforms[index];

    /// <inheritdoc/>
    public IEnumerator<ITransform> GetEnumerator() => ((IEnumerable<ITransform>)transforms).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", transforms.Select(t => t.Name)) + "]";
}
