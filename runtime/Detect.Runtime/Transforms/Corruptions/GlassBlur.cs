namespace Detect.Transforms.Corruptions;

/// <summary>
/// <c>glass_blur</c>: Gaussian blur (σ), truncated to uint8, then for <c>iterations</c> sweeps every pixel at least
/// max_delta from the border (bottom-right first) swaps with one offset by (dx, dy) ∈ [−max_delta, max_delta)², then
/// blurs again; (σ, max_delta, iterations) = (0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2).
/// </summary>
public sealed class GlassBlur() : ImageCorruption("glass_blur", CorruptionGroup.Blur)
{
    static readonly (double Sigma, int MaxDelta, int Iterations)[] C = [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)];

    private protected override ImageBuffer Corrupt(ImageBuffer image, int severity, Random rng)
    {
        var (_, delta, iterations) = Pick(C, severity);
        int count = iterations * (image.Height - 2 * delta) * (image.Width - 2 * delta);
        var offsets = new (int Dx, int Dy)[count];
        for (int i = 0; i < count; i++) offsets[i] = (RandomDraws.Integer(rng, -delta, delta), RandomDraws.Integer(rng, -delta, delta));
        return Apply(image, severity, offsets);
    }

    /// <summary>The corruption given the (dx, dy) offsets, one per swap in sweep order.</summary>
    internal static ImageBuffer Apply(ImageBuffer image, int severity, IReadOnlyList<(int Dx, int Dy)> offsets)
    {
        var (sigma, delta, iterations) = Pick(C, severity);
        // skimage.filters.gaussian(x / 255., sigma, channel_axis=-1): mode 'nearest', truncate 4.
        var blurred = Filters.Gaussian(ImageArray.From(image, divideBy255: true), sigma, sigma, 4.0, Boundary.Nearest).Map(v => v * 255).ToImage();
        var x = blurred.Pixels.ToArray();
        int h = image.Height, w = image.Width, k = 0;
        for (int i = 0; i < iterations; i++)
            for (int y = h - delta; y > delta; y--)
                for (int col = w - delta; col > delta; col--)
                {
                    var (dx, dy) = offsets[k++];
                    int a = (y * w + col) * 3, b = ((y + dy) * w + col + dx) * 3;
                    for (int ch = 0; ch < 3; ch++) (x[a + ch], x[b + ch]) = (x[b + ch], x[a + ch]);
                }
        var shuffled = ImageArray.From(new ImageBuffer(h, w, 3, x), divideBy255: true);
        return Filters.Gaussian(shuffled, sigma, sigma, 4.0, Boundary.Nearest).Map(v => Math.Clamp(v, 0, 1) * 255).ToImage();
    }
}
