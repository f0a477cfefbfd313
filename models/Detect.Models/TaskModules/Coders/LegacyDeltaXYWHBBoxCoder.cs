using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Coders;

/// <summary>
/// MMDetection V1's delta coder (<c>LegacyDeltaXYWHBBoxCoder</c>): like <see cref="DeltaXYWHBBoxCoder"/>
/// but widths are x2 − x1 + 1, decoded boxes are clamped to [0, size − 1] and there is no centre clamp.
/// Exists to reproduce V1 checkpoints on purpose.
/// </summary>
public sealed class LegacyDeltaXYWHBBoxCoder(IReadOnlyList<double>? targetMeans = null, IReadOnlyList<double>? targetStds = null) : IBBoxCoder
{
    /// <inheritdoc cref="DeltaXYWHBBoxCoder.TargetMeans"/>
    public IReadOnlyList<double> TargetMeans { get; } = DeltaNormalization.Check(targetMeans ?? [0, 0, 0, 0], nameof(targetMeans));

    /// <inheritdoc cref="DeltaXYWHBBoxCoder.TargetStds"/>
    public IReadOnlyList<double> TargetStds { get; } = DeltaNormalization.Check(targetStds ?? [1, 1, 1, 1], nameof(targetStds));

    /// <inheritdoc />
    public int EncodeSize => 4;

    /// <inheritdoc />
    public Tensor Encode(Tensor bboxes, Tensor gtBboxes)
    {
        DeltaNormalization.CheckPairs(bboxes, gtBboxes);
        using var scope = NewDisposeScope();
        var (px, py, pw, ph) = CentreSize(DeltaNormalization.Float(bboxes));
        var (gx, gy, gw, gh) = CentreSize(DeltaNormalization.Float(gtBboxes));
        var deltas = stack([(gx - px) / pw, (gy - py) / ph, (gw / pw).log(), (gh / ph).log()], -1);
        return DeltaNormalization.Normalize(deltas, TargetMeans, TargetStds).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape = null) =>
        Decode(bboxes, predBboxes, maxShape, DeltaXYWHBBoxCoder.DefaultWhRatioClip);

    /// <summary>Decodes with an explicit aspect-ratio clip.</summary>
    public Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape, double whRatioClip)
    {
        var classes = DeltaNormalization.CheckDecode(bboxes, predBboxes);
        if (predBboxes.numel() == 0) return predBboxes.alias();
        using var scope = NewDisposeScope();
        var deltas = DeltaNormalization.Denormalize(predBboxes.reshape(-1, 4), TargetMeans, TargetStds);
        double maxRatio = Math.Abs(Math.Log(whRatioClip));
        var (dx, dy) = (deltas[.., 0], deltas[.., 1]);
        using var ratioLow = (-maxRatio).ToScalar();
        using var ratioHigh = maxRatio.ToScalar();
        var (dw, dh) = (deltas[.., 2].clamp(ratioLow, ratioHigh), deltas[.., 3].clamp(ratioLow, ratioHigh));
        var (px, py, pw, ph) = CentreSize(bboxes.reshape(-1, 4).repeat(1, classes).reshape(-1, 4));
        var (gw, gh) = (pw * dw.exp(), ph * dh.exp());
        var (gx, gy) = (px.add(pw * dx, Scalars.One), py.add(ph * dy, Scalars.One));
        // MMDetection keeps ±0.5·g rather than the "true" legacy ±0.5·(g − 1): it tests better on V1 models.
        var (halfW, halfH) = (gw.mul(Scalars.Half), gh.mul(Scalars.Half));
        var boxes = stack([gx - halfW, gy - halfH, gx.add(halfW, Scalars.One), gy.add(halfH, Scalars.One)], -1);
        if (maxShape is { } shape) boxes = DeltaNormalization.Clip(boxes, shape.Width - 1, shape.Height - 1);
        return boxes.reshape(predBboxes.shape).MoveToOuterDisposeScope();
    }

    /// <summary>Centres and "+1" sizes.</summary>
    static (Tensor X, Tensor Y, Tensor W, Tensor H) CentreSize(Tensor boxes)
    {
        var (x1, y1, x2, y2) = (boxes[TensorIndex.Ellipsis, 0], boxes[TensorIndex.Ellipsis, 1], boxes[TensorIndex.Ellipsis, 2], boxes[TensorIndex.Ellipsis, 3]);
        return (x1.add(x2, Scalars.One).mul(Scalars.Half), y1.add(y2, Scalars.One).mul(Scalars.Half),
            (x2 - x1).add(Scalars.OneDouble, Scalars.One), (y2 - y1).add(Scalars.OneDouble, Scalars.One));
    }
}
