namespace Detect.Transforms;

/// <summary>
/// Places the image at a random spot of a larger canvas filled with the mean colour (MMDetection's <c>Expand</c>, SSD's
/// "zoom out"): with probability <see cref="Prob"/>, a ratio r drawn from <see cref="RatioRange"/> gives an
/// int(h·r) × int(w·r) canvas; boxes are shifted and masks pasted at the same offset.
/// </summary>
/// <remarks>
/// <para>Draws in MMDetection's order, each a uniform double: whether to skip (u &gt; prob), the ratio, the left offset
/// int(uniform(0, w·r − w)), the top offset int(uniform(0, h·r − h)).</para>
/// <para>The canvas has the image's dtype (uint8), so the mean is truncated as numpy casts it: SSD's
/// [123.675, 116.28, 103.53] fills 123, 116, 103; with <see cref="ToRgb"/> the mean is read as RGB and reversed onto the
/// BGR image. MMDetection's <c>seg_ignore_label</c> is not taken: Detect's samples carry no semantic segmentation map.
/// Images with one or four channels take the first one or three mean entries (padded with the last) per channel.</para>
/// </remarks>
public sealed class Expand : SampleTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="mean">Fill colour, three values (RGB when <paramref name="toRgb"/>, else BGR); null: black.</param>
    /// <param name="toRgb">Whether <paramref name="mean"/> is in RGB order (reversed onto the BGR image).</param>
    /// <param name="ratioRange">(min, max) of the canvas size relative to the image, min ≥ 1.</param>
    /// <param name="prob">Probability of expanding.</param>
    public Expand(IReadOnlyList<double>? mean = null, bool toRgb = true, (double Min, double Max)? ratioRange = null, double prob = 0.5)
    {
        mean ??= [0.0, 0.0, 0.0];
        if (mean.Count != 3) throw new ArgumentException($"Expand's mean needs three values, got {mean.Count}.", nameof(mean));
        var range = ratioRange ?? (1.0, 4.0);
        if (range.Min < 1 || range.Max < range.Min)
            throw new ArgumentException($"Expand's ratioRange must be (min, max) with 1 <= min <= max, got {range}.", nameof(ratioRange));
        if (prob is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(prob), prob, "A probability is in [0, 1].");
        Mean = [.. mean];
        ToRgb = toRgb;
        RatioRange = range;
        Prob = prob;
        var bgr = toRgb ? Mean.Reverse().ToArray() : [.. Mean];
        // numpy's cast of the float mean into the uint8 canvas: truncation, saturated to the byte range.
        fill = [.. bgr.Select(v => (byte)Math.Clamp(Math.Truncate(v), 0, 255))];
    }

    readonly byte[] fill;

    /// <summary>The mean as given.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Whether <see cref="Mean"/> is RGB.</summary>
    public bool ToRgb { get; }

    /// <summary>Canvas ratio range.</summary>
    public (double Min, double Max) RatioRange { get; }

    /// <summary>Probability of expanding.</summary>
    public double Prob { get; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, object? Value)> Parameters =>
        [("mean", Mean), ("toRgb", ToRgb), ("ratioRange", RatioRange), ("prob", Prob)];

    /// <inheritdoc />
    public override PipelineSample Apply(PipelineSample input, TransformContext context)
    {
        var rng = context.Rng;
        if (rng.NextDouble() > Prob) return input;
        var (h, w) = input.ImgShape;
        double ratio = Uniform(rng, RatioRange.Min, RatioRange.Max);
        int left = (int)Uniform(rng, 0, w * ratio - w);
        int top = (int)Uniform(rng, 0, h * ratio - h);
        return Place(input, (int)(h * ratio), (int)(w * ratio), top, left);
    }

    // numpy's legacy uniform(low, high): low + (high − low) · random_sample().
    static double Uniform(Random rng, double low, double high) => low + (high - low) * rng.NextDouble();

    /// <summary>The deterministic part: the image pasted at (<paramref name="top"/>, <paramref name="left"/>) of an eh×ew canvas.</summary>
    internal PipelineSample Place(PipelineSample input, int eh, int ew, int top, int left)
    {
        var img = input.Img;
        int cn = img.Channels;
        var canvas = ImageBuffer.Uninitialized(eh, ew, cn);
        var data = canvas.Data.AsSpan();
        for (int i = 0; i < data.Length; i += cn)
            for (int c = 0; c < cn; c++) data[i + c] = fill[Math.Min(c, 2)];
        Imaging.ImageGeometry.Paste(img.Pixels, img.Width, 0, 0, data, ew, top, left, img.Height, img.Width, cn);
        var output = input with { Img = canvas };
        if (input.Gt is not { } gt) return output;
        var moved = gt with { Bboxes = BoxOps.Translate(gt.Bboxes, left, top) };
        if (gt.Masks is { } masks)
            moved = moved with
            {
                Masks = masks.Map(eh, ew, (s, d) =>
                {
                    d.Clear();
                    Imaging.ImageGeometry.Paste(s, masks.Width, 0, 0, d, ew, top, left, masks.Height, masks.Width, 1);
                }),
            };
        return output with { Gt = moved };
    }
}
