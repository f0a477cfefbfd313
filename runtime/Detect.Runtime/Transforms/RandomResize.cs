namespace Detect.Transforms;

/// <summary>
/// Resizes to a random scale (mmcv's <c>RandomResize</c>): with two scales, each edge is drawn
/// uniformly as an integer between the two scales' edges; with one scale and <c>ratioRange</c>, both
/// edges are multiplied by one ratio drawn from the range and truncated to int. The other arguments
/// are Resize's.
/// </summary>
public sealed class RandomResize : SampleTransform
{
    readonly Resize resize;

    /// <summary>Creates the transform.</summary>
    /// <param name="scale">One (w, h) scale (with <paramref name="ratioRange"/>) or two bounding scales.</param>
    /// <param name="ratioRange">(min, max) ratio applied to a single scale.</param>
    /// <param name="keepRatio">As Resize.</param>
    /// <param name="clipObjectBorder">As Resize.</param>
    /// <param name="interpolation">As Resize.</param>
    public RandomResize(IReadOnlyList<(int Width, int Height)> scale, (double Min, double Max)? ratioRange = null,
        bool keepRatio = false, bool clipObjectBorder = true, Interpolation interpolation = Interpolation.Bilinear)
    {
        if (scale is null || scale.Count is not (1 or 2))
            throw new ArgumentException("RandomResize needs one scale with ratioRange, or two bounding scales.", nameof(scale));
        if (scale.Count == 1 && ratioRange is null)
            throw new ArgumentException("RandomResize with a single scale needs ratioRange.", nameof(ratioRange));
        if (ratioRange is { } r && r.Min > r.Max)
            throw new ArgumentException($"ratioRange must be (min, max), got {r}.", nameof(ratioRange));
        Scale = [.. scale];
        RatioRange = scale.Count == 1 ? ratioRange : null;
        resize = new Resize(scale[0], keepRatio: keepRatio, clipObjectBorder: clipObjectBorder, interpolation: interpolation);
    }

    /// <summary>The scale or the two bounding scales.</summary>
    public IReadOnlyList<(int Width, int Height)> Scale { get; }

    /// <summary>The ratio range for the single-scale form.</summary>
    public (double Min, double Max)? RatioRange { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("scale", Scale), ("ratioRange", RatioRange), ("keepRatio", resize.KeepRatio),
         ("clipObjectBorder", resize.ClipObjectBorder), ("interpolation", resize.Interpolation)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context) =>
        resize.ResizeTo(input, SampleScale(context.Rng));

    (int Width, int Height) SampleScale(Random rng)
    {
        if (RatioRange is { } range)
        {
            double ratio = rng.NextDouble() * (range.Max - range.Min) + range.Min;
            return ((int)(Scale[0].Width * ratio), (int)(Scale[0].Height * ratio));
        }
        var (a, b) = (Scale[0], Scale[1]);
        int edge0 = rng.Next(Math.Min(a.Width, b.Width), Math.Max(a.Width, b.Width) + 1);
        int edge1 = rng.Next(Math.Min(a.Height, b.Height), Math.Max(a.Height, b.Height) + 1);
        return (edge0, edge1);
    }
}
