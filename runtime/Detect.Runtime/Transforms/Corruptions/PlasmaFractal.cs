namespace Detect.Transforms.Corruptions;

/// <summary>
/// imagecorruptions' <c>plasma_fractal</c> (diamond–square, float32 as there): a mapsize × mapsize height map in
/// [0, 1], each new point the mean of its neighbours plus noise uniform in [−wibble, wibble), the noise shrinking by
/// <c>wibbledecay</c> per level. The fog corruption's layer, and the base of Detect's synthetic frost.
/// </summary>
internal static class PlasmaFractal
{
    /// <summary>
    /// The map; <paramref name="uniform"/>(wibble, count) returns <c>count</c> draws of uniform(−wibble, wibble) in
    /// numpy's order (one call per <c>wibbledmean</c>: squares, then the two diamond sets, per level).
    /// </summary>
    public static float[,] Generate(int mapsize, double wibbledecay, Func<double, int, double[]> uniform)
    {
        if (mapsize < 2 || (mapsize & (mapsize - 1)) != 0) throw new ArgumentException($"mapsize must be a power of two, got {mapsize}.");
        var map = new float[mapsize, mapsize];
        int step = mapsize;
        double wibble = 100;
        while (step >= 2)
        {
            FillSquares(map, mapsize, step, wibble, uniform);
            FillDiamonds(map, mapsize, step, wibble, uniform);
            step /= 2;
            wibble /= wibbledecay;
        }
        float min = float.MaxValue;
        foreach (var v in map) min = Math.Min(min, v);
        float max = float.MinValue;
        for (int i = 0; i < mapsize; i++)
            for (int j = 0; j < mapsize; j++)
                max = Math.Max(max, map[i, j] -= min);
        for (int i = 0; i < mapsize; i++)
            for (int j = 0; j < mapsize; j++)
                map[i, j] /= max;
        return map;
    }

    /// <summary>numpy's <c>uniform(−wibble, wibble, n)</c> from a <see cref="Random"/>.</summary>
    public static Func<double, int, double[]> From(Random rng) =>
        (wibble, count) => [.. RandomDraws.Uniforms(rng, count).Select(u => -wibble + (wibble - -wibble) * u)];

    // Corners at multiples of step; each square's centre gets the mean of its four corners (wrapping) plus noise.
    static void FillSquares(float[,] map, int size, int step, double wibble, Func<double, int, double[]> uniform)
    {
        int n = size / step, half = step / 2;
        var noise = uniform(wibble, n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int i1 = (i + 1) % n, j1 = (j + 1) % n;
                // squareaccum = corner + roll(corner, -1, axis 0); squareaccum += roll(squareaccum, -1, axis 1)
                float a = map[i * step, j * step] + map[i1 * step, j * step];
                float b = map[i * step, j1 * step] + map[i1 * step, j1 * step];
                map[i * step + half, j * step + half] = (float)((a + b) / 4f + wibble * noise[i * n + j]);
            }
    }

    // Edge midpoints: the means of the two neighbouring corners and the two neighbouring centres (wrapping), plus noise.
    static void FillDiamonds(float[,] map, int size, int step, double wibble, Func<double, int, double[]> uniform)
    {
        int n = size / step, half = step / 2;
        float Dr(int i, int j) => map[((i % n + n) % n) * step + half, ((j % n + n) % n) * step + half];
        float Ul(int i, int j) => map[((i % n + n) % n) * step, ((j % n + n) % n) * step];
        var top = new float[n, n];
        var left = new float[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                // ltsum = (drgrid + roll(drgrid, 1, axis 0)) + (ulgrid + roll(ulgrid, -1, axis 1))
                top[i, j] = (Dr(i, j) + Dr(i - 1, j)) + (Ul(i, j) + Ul(i, j + 1));
                // ttsum = (drgrid + roll(drgrid, 1, axis 1)) + (ulgrid + roll(ulgrid, -1, axis 0))
                left[i, j] = (Dr(i, j) + Dr(i, j - 1)) + (Ul(i, j) + Ul(i + 1, j));
            }
        var noise = uniform(wibble, n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                map[i * step, j * step + half] = (float)(top[i, j] / 4f + wibble * noise[i * n + j]);
        noise = uniform(wibble, n * n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                map[i * step + half, j * step] = (float)(left[i, j] / 4f + wibble * noise[i * n + j]);
    }
}
