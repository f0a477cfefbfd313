namespace Detect.Models.Analysis.Optimization;

/// <summary>
/// numpy's legacy <c>RandomState</c> (MT19937) with the draws scipy's differential evolution makes: the same seed gives
/// the same numbers as <c>np.random.RandomState(seed)</c>, so a seeded run can be checked against scipy draw for draw.
/// </summary>
/// <remarks>Not thread-safe; one instance per optimization.</remarks>
public sealed class NumpyRandomState
{
    const int N = 624, M = 397;
    readonly uint[] state = new uint[N];
    int position;

    /// <summary>Seeds as <c>RandomState(seed)</c> does for an integer seed (MT19937's <c>init_genrand</c>).</summary>
    public NumpyRandomState(uint seed)
    {
        for (int i = 0; i < N; i++)
        {
            state[i] = seed;
            seed = unchecked(1812433253u * (seed ^ (seed >> 30)) + (uint)i + 1);
        }
        position = N;
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        if (position >= N) Twist();
        uint y = state[position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c>.</summary>
    public double Uniform(double low = 0, double high = 1) => low + (high - low) * NextDouble();

    /// <summary><c>randint(low, high)</c> (high excluded), by numpy's masked rejection sampling.</summary>
    public long RandInt(long low, long high)
    {
        if (high <= low) throw new ArgumentException($"randint: low ({low}) must be below high ({high}).");
        ulong range = (ulong)(high - low - 1);
        if (range == 0) return low;
        if (range > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(high), "ranges beyond 32 bits are not needed here");
        return low + Interval((uint)range);
    }

    /// <summary><c>choice(n)</c>: an index below <paramref name="n"/>.</summary>
    public long Choice(long n) => RandInt(0, n);

    /// <summary><c>shuffle(x)</c>: numpy's Fisher–Yates, from the end.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i >= 1; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>permutation(range(n))</c>.</summary>
    public int[] Permutation(int n)
    {
        var values = Enumerable.Range(0, n).ToArray();
        Shuffle(values);
        return values;
    }

    // numpy's random_interval / masked bounded draw: the lowest bits under a mask, redrawn until ≤ max.
    uint Interval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    void Twist()
    {
        const uint upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
        for (int k = 0; k < N; k++)
        {
            uint y = (state[k] & upper) | (state[(k + 1) % N] & lower);
            state[k] = state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? matrix : 0);
        }
        position = 0;
    }
}
