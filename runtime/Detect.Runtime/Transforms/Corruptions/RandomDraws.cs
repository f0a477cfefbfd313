namespace Detect.Transforms.Corruptions;

/// <summary>
/// The random numbers corruptions draw, from the sample's <see cref="Random"/> (the transform context's): uniforms,
/// standard normals (Box–Muller) and Poisson counts (inversion; the rates here are at most 60).
/// </summary>
internal static class RandomDraws
{
    /// <summary><paramref name="count"/> uniforms in [0, 1).</summary>
    public static double[] Uniforms(Random rng, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = rng.NextDouble();
        return values;
    }

    /// <summary>A uniform in [low, high), as numpy's <c>uniform(low, high)</c>: low + (high − low)·u.</summary>
    public static double Uniform(Random rng, double low, double high) => low + (high - low) * rng.NextDouble();

    /// <summary><paramref name="count"/> standard normal values.</summary>
    public static double[] Normals(Random rng, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < count) values[i + 1] = r * Math.Sin(2 * Math.PI * u2);
        }
        return values;
    }

    /// <summary>A Poisson count with mean <paramref name="lambda"/> (sequential inversion; exact for the small rates used).</summary>
    public static int Poisson(Random rng, double lambda)
    {
        if (lambda <= 0) return 0;
        double u = rng.NextDouble(), p = Math.Exp(-lambda), cumulative = p;
        int k = 0;
        while (u > cumulative && k < 1000)
        {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }

    /// <summary>An integer in [low, high).</summary>
    public static int Integer(Random rng, int low, int high) => rng.Next(low, high);
}
