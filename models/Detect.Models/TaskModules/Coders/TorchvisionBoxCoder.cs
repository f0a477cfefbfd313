using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Coders;

/// <summary>
/// torchvision's <c>BoxCoder(weights, bbox_xform_clip=log(1000/16))</c>: the R-CNN deltas of
/// <see cref="DeltaXYWHBBoxCoder"/> with torchvision's arithmetic, so torchvision's detectors decode to the same
/// float32 numbers.
/// </summary>
/// <remarks>
/// Deltas are divided by <c>weights</c> (MMDetection multiplies by <c>target_stds</c> = 1 / weights), centres are
/// x1 + 0.5·w, only large dw, dh are clamped (at log(1000/16); MMDetection clamps both ways) and decoded boxes are
/// clipped to <c>maxShape</c> (torchvision's <c>clip_boxes_to_image</c>, done by its callers).
/// Example: <c>new TorchvisionBoxCoder([10, 10, 5, 5])</c> is the box head's coder of torchvision's Faster R-CNN.
/// </remarks>
public sealed class TorchvisionBoxCoder(IReadOnlyList<double> weights, double bboxXformClip = 4.135166556742356) : IBBoxCoder
{
    /// <summary><c>weights</c> (wx, wy, ww, wh).</summary>
    public IReadOnlyList<double> Weights { get; } = DeltaNormalization.Check(weights, nameof(weights));

    /// <summary><c>bbox_xform_clip</c>: the largest dw, dh.</summary>
    public double BboxXformClip { get; } = bboxXformClip;

    /// <inheritdoc />
    public int EncodeSize => 4;

    // The weights (float32, as torchvision's arithmetic has them) and the clip as Scalars kept with the coder: a
    // temporary Scalar can be finalized during the call that reads it (Detect.Platform.Scalars).
    readonly Scalar wx = ((float)weights[0]).ToScalar(), wy = ((float)weights[1]).ToScalar(),
        ww = ((float)weights[2]).ToScalar(), wh = ((float)weights[3]).ToScalar(), clip = bboxXformClip.ToScalar();

    /// <inheritdoc />
    public Tensor Encode(Tensor bboxes, Tensor gtBboxes)
    {
        DeltaNormalization.CheckPairs(bboxes, gtBboxes);
        using var scope = NewDisposeScope();
        var (px, py, pw, ph) = CentreSize(DeltaNormalization.Float(bboxes));
        var (gx, gy, gw, gh) = CentreSize(DeltaNormalization.Float(gtBboxes));
        var deltas = stack([(gx - px).mul(wx) / pw, (gy - py).mul(wy) / ph, (gw / pw).log().mul(ww), (gh / ph).log().mul(wh)], -1);
        return deltas.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape = null)
    {
        int classes = DeltaNormalization.CheckDecode(bboxes, predBboxes);
        if (predBboxes.numel() == 0) return predBboxes.alias();
        using var scope = NewDisposeScope();
        var boxes = bboxes.reshape(-1, 4).to(predBboxes.dtype);
        var codes = predBboxes.reshape(-1, classes, 4);
        var (ctrX, ctrY, widths, heights) = CentreSize(boxes);
        var dx = codes[.., .., 0].div(wx);
        var dy = codes[.., .., 1].div(wy);
        var dw = codes[.., .., 2].div(ww).clamp_max(clip);
        var dh = codes[.., .., 3].div(wh).clamp_max(clip);
        var predCtrX = (dx * widths.unsqueeze(1)).add(ctrX.unsqueeze(1), Scalars.One);
        var predCtrY = (dy * heights.unsqueeze(1)).add(ctrY.unsqueeze(1), Scalars.One);
        var halfW = (dw.exp() * widths.unsqueeze(1)).mul(Scalars.Half);
        var halfH = (dh.exp() * heights.unsqueeze(1)).mul(Scalars.Half);
        var decoded = stack([predCtrX - halfW, predCtrY - halfH, predCtrX.add(halfW, Scalars.One), predCtrY.add(halfH, Scalars.One)], -1);
        if (maxShape is { } shape) decoded = DeltaNormalization.Clip(decoded, shape.Width, shape.Height);
        return decoded.reshape(predBboxes.shape).MoveToOuterDisposeScope();
    }

    // torchvision: widths = x2 − x1, ctr_x = x1 + 0.5 · widths.
    static (Tensor X, Tensor Y, Tensor W, Tensor H) CentreSize(Tensor boxes)
    {
        var (x1, y1) = (boxes[TensorIndex.Ellipsis, 0], boxes[TensorIndex.Ellipsis, 1]);
        var w = boxes[TensorIndex.Ellipsis, 2] - x1;
        var h = boxes[TensorIndex.Ellipsis, 3] - y1;
        return (x1.add(w.mul(Scalars.Half), Scalars.One), y1.add(h.mul(Scalars.Half), Scalars.One), w, h);
    }
}
