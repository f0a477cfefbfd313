using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Coders;

/// <summary>
/// The R-CNN box parameterisation, as MMDetection's <c>DeltaXYWHBBoxCoder</c>:
/// (dx, dy, dw, dh) = ((gx − px) / pw, (gy − py) / ph, log(gw / pw), log(gh / ph)), normalised by
/// <c>targetMeans</c> / <c>targetStds</c>. Widths are x2 − x1 (no "+1").
/// </summary>
/// <remarks>
/// Decoding clamps |dw|, |dh| to |log(whRatioClip)| (only from above with <c>addCtrClamp</c>, which also
/// clamps the centre shift to ±<c>ctrClamp</c> pixels, as YOLOF does) and clips boxes to
/// <c>maxShape</c> when <c>clipBorder</c> is set. Inputs keep their dtype (half precision is computed in float32).
/// </remarks>
public sealed class DeltaXYWHBBoxCoder(
    IReadOnlyList<double>? targetMeans = null,
    IReadOnlyList<double>? targetStds = null,
    bool clipBorder = true,
    bool addCtrClamp = false,
    double ctrClamp = 32) : IBBoxCoder
{
    /// <summary>MMDetection's default aspect-ratio clip of decoded boxes.</summary>
    public const double DefaultWhRatioClip = 16.0 / 1000;

    /// <summary>Means subtracted from the deltas (dx, dy, dw, dh).</summary>
    public IReadOnlyList<double> TargetMeans { get; } = DeltaNormalization.Check(targetMeans ?? [0, 0, 0, 0], nameof(targetMeans));

    /// <summary>Standard deviations the deltas are divided by.</summary>
    public IReadOnlyList<double> TargetStds { get; } = DeltaNormalization.Check(targetStds ?? [1, 1, 1, 1], nameof(targetStds));

    /// <summary>Whether decoded boxes are clipped to the image.</summary>
    public bool ClipBorder { get; } = clipBorder;

    /// <summary>Whether the centre shift is clamped (YOLOF).</summary>
    public bool AddCtrClamp { get; } = addCtrClamp;

    /// <summary>Largest centre shift in pixels when <see cref="AddCtrClamp"/> is set.</summary>
    public double CtrClamp { get; } = ctrClamp;

    /// <inheritdoc />
    public int EncodeSize => 4;

    /// <inheritdoc />
    public Tensor Encode(Tensor bboxes, Tensor gtBboxes)
    {
        DeltaNormalization.CheckPairs(bboxes, gtBboxes);
        using var scope = NewDisposeScope();
        var (p, g) = (DeltaNormalization.Float(bboxes), DeltaNormalization.Float(gtBboxes));
        var (px, py, pw, ph) = CentreSize(p);
        var (gx, gy, gw, gh) = CentreSize(g);
        var deltas = stack([(gx - px) / pw, (gy - py) / ph, (gw / pw).log(), (gh / ph).log()], -1);
        return DeltaNormalization.Normalize(deltas, TargetMeans, TargetStds).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape = null) =>
        Decode(bboxes, predBboxes, maxShape, DefaultWhRatioClip);

    /// <summary>Decodes with an explicit aspect-ratio clip (MMDetection's <c>wh_ratio_clip</c>).</summary>
    public Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape, double whRatioClip)
    {
        var classes = DeltaNormalization.CheckDecode(bboxes, predBboxes);
        if (predBboxes.numel() == 0) return predBboxes.alias();
        using var scope = NewDisposeScope();
        var deltas = DeltaNormalization.Denormalize(predBboxes.reshape(-1, 4), TargetMeans, TargetStds);
        var dxy = deltas[.., ..2];
        var dwh = deltas[.., 2..];
        // One prior per class-specific box: priors repeated k times along the last dimension.
        var rois = bboxes.reshape(-1, 4).repeat(1, classes).reshape(-1, 4);
        var pxy = rois[.., ..2].add(rois[.., 2..], Scalars.One).mul(Scalars.Half);
        var pwh = rois[.., 2..] - rois[.., ..2];
        var dxyWh = pwh * dxy;
        double maxRatio = Math.Abs(Math.Log(whRatioClip));
        using var ratioLow = (-maxRatio).ToScalar();
        using var ratioHigh = maxRatio.ToScalar();
        if (AddCtrClamp)
        {
            using var shiftLow = (-CtrClamp).ToScalar();
            using var shiftHigh = CtrClamp.ToScalar();
            dxyWh = dxyWh.clamp(shiftLow, shiftHigh);
            dwh = dwh.clamp_max(ratioHigh);
        }
        else
        {
            dwh = dwh.clamp(ratioLow, ratioHigh);
        }
        var gxy = pxy.add(dxyWh, Scalars.One);
        var gwh = pwh * dwh.exp();
        var halfWh = gwh.mul(Scalars.Half);
        var boxes = cat([gxy - halfWh, gxy.add(halfWh, Scalars.One)], -1);
        if (ClipBorder && maxShape is { } shape) boxes = DeltaNormalization.Clip(boxes, shape.Width, shape.Height);
        return boxes.reshape(predBboxes.shape).MoveToOuterDisposeScope();
    }

    static (Tensor X, Tensor Y, Tensor W, Tensor H) CentreSize(Tensor boxes)
    {
        var (x1, y1, x2, y2) = (boxes[TensorIndex.Ellipsis, 0], boxes[TensorIndex.Ellipsis, 1], boxes[TensorIndex.Ellipsis, 2], boxes[TensorIndex.Ellipsis, 3]);
        return (x1.add(x2, Scalars.One).mul(Scalars.Half), y1.add(y2, Scalars.One).mul(Scalars.Half), x2 - x1, y2 - y1);
    }
}
