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

    /// <inheritdoc />
    public Tensor Encode(Tensor bboxes, Tensor gtBboxes)
    {
        DeltaNormalization.CheckPairs(bboxes, gtBboxes);
        using var scope = NewDisposeScope();
        var (px, py, pw, ph) = CentreSize(DeltaNormalization.Float(bboxes));
        var (gx, gy, gw, gh) = CentreSize(DeltaNormalization.Float(gtBboxes));
        var deltas = stack([
            (float)Weights[0] * (gx - px) / pw, (float)Weights[1] * (gy - py) / ph,
            (float)Weights[2] * (gw / pw).log(), (float)Weights[3] * (gh / ph).log()], -1);
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
        var dx = codes[.., .., 0] / (float)Weights[0];
        var dy = codes[.., .., 1] / (float)Weights[1];
        var dw = (codes[.., .., 2] / (float)Weights[2]).clamp_max(BboxXformClip);
        var dh = (codes[.., .., 3] / (float)Weights[3]).clamp_max(BboxXformClip);
        var predCtrX = dx * widths.unsqueeze(1) + ctrX.unsqueeze(1);
        var predCtrY = dy * heights.unsqueeze(1) + ctrY.unsqueeze(1);
        var halfW = 0.5f * (dw.exp() * widths.unsqueeze(1));
        var halfH = 0.5f * (dh.exp() * heights.unsqueeze(1));
        var decoded = stack([predCtrX - halfW, predCtrY - halfH, predCtrX + halfW, predCtrY + halfH], -1);
        if (maxShape is { } shape) decoded = DeltaNormalization.Clip(decoded, shape.Width, shape.Height);
        return decoded.reshape(predBboxes.shape).MoveToOuterDisposeScope();
    }

    // torchvision: widths = x2 − x1, ctr_x = x1 + 0.5 · widths.
    static (Tensor X, Tensor Y, Tensor W, Tensor H) CentreSize(Tensor boxes)
    {
        var (x1, y1) = (boxes[TensorIndex.Ellipsis, 0], boxes[TensorIndex.Ellipsis, 1]);
        var w = boxes[TensorIndex.Ellipsis, 2] - x1;
        var h = boxes[TensorIndex.Ellipsis, 3] - y1;
        return (x1 + 0.5f * w, y1 + 0.5f * h, w, h);
    }
}
