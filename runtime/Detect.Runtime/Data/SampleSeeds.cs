namespace Detect.Data;

/// <summary>
/// Per-sample random generators derived from (seed, epoch, dataset index): the augmentation a sample
/// gets depends only on these three numbers, never on which loader thread ran it or when.
/// </summary>
public static class SampleSeeds
{
    /// <summary>A fresh generator for sample <paramref name="index"/> of <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    public static Random For(long seed, long epoch, long index) => new(Derive(seed, epoch, index));

    /// <summary>The 31-bit seed of <see cref="For"/>: SplitMix64 finalizers chained over the three keys.</summary>
    public static int Derive(long seed, long epoch, long index)
    {
        ulong h = Mix((ulong)seed);
        h = Mix(h ^ (ulong)epoch);
        h = Mix(h ^ (ulong)index);
        return (int)(h >> 33);
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
