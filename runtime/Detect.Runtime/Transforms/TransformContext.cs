namespace Detect.Transforms;

/// <summary>
/// What a transform may use besides its input: the sample's own random generator and, for transforms
/// that mix several images (Mosaic, MixUp), the dataset to draw the other images from.
/// </summary>
/// <remarks>
/// Randomness is explicit: a transform draws only from <see cref="Rng"/>, never from a global or
/// shared generator. The data loader derives one generator per sample from (seed, epoch, index), so
/// the augmentation of a sample does not depend on which thread ran it or when.
/// </remarks>
public sealed class TransformContext
{
    /// <summary>Creates a context around a generator and an optional mixing source.</summary>
    public TransformContext(Random rng, IMixSource? mixSource = null)
    {
        Rng = rng ?? throw new ArgumentNullException(nameof(rng));
        MixSource = mixSource;
    }

    /// <summary>The sample's random generator.</summary>
    public Random Rng { get; }

    /// <summary>Where Mosaic and MixUp load their extra images from; null outside a mixing dataset.</summary>
    public IMixSource? MixSource { get; }

    /// <summary>A context with a generator seeded by <paramref name="seed"/> and no mixing source.</summary>
    public static TransformContext FromSeed(int seed) => new(new Random(seed));

    /// <summary>
    /// A context for loading one extra image inside a mixing transform: its own generator, seeded from
    /// this one, and no mixing source (the extra image is not mixed again).
    /// </summary>
    public TransformContext ForMixedImage() => new(new Random(Rng.Next()));
}
