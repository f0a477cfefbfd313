using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Ops;

/// <summary>
/// Overlaps between xyxy boxes: all pairs (N×M) or row by row (N), as MMDetection's
/// <c>bbox_overlaps</c> and torchvision's <c>box_iou</c> / <c>generalized_box_iou</c>.
/// </summary>
/// <remarks>
/// <para>With <c>eps</c> &gt; 0 (the default, 1e-6 as in MMDetection) the union and the enclosing area
/// are clamped from below by <c>eps</c>, so zero-area boxes give 0 rather than NaN. With <c>eps</c> = 0
/// nothing is clamped and the result is torchvision's, bit for bit (identical zero-area boxes then give
/// NaN). Either way the formula and its order of operations are those of both references:
/// union = (area1 + area2) − intersection.</para>
/// <para>Boxes may carry leading batch dimensions (…×N×4). Empty inputs give empty outputs of the
/// right shape. Works on any device and floating dtype.</para>
/// </remarks>
public static class BoxIou
{
    /// <summary>MMDetection's default lower bound for unions and enclosing areas.</summary>
    public const double DefaultEps = 1e-6;

    /// <summary>Overlaps of every box of <paramref name="boxes1"/> (…×N×4) with every box of <paramref name="boxes2"/> (…×M×4): …×N×M.</summary>
    public static Tensor Pairwise(Tensor boxes1, Tensor boxes2, IouMode mode = IouMode.Iou, double eps = DefaultEps)
    {
        CheckBoxes(boxes1, nameof(boxes1));
        CheckBoxes(boxes2, nameof(boxes2));
        using var scope = NewDisposeScope();
        // Broadcast N×1×4 against 1×M×4: each output cell sees one box from each side.
        return Overlaps(boxes1.unsqueeze(-2), boxes2.unsqueeze(-3), mode, eps).MoveToOuterDisposeScope();
    }

    /// <summary>Overlaps of row i of <paramref name="boxes1"/> with row i of <paramref name="boxes2"/> (both …×N×4): …×N. Used by IoU losses.</summary>
    public static Tensor Aligned(Tensor boxes1, Tensor boxes2, IouMode mode = IouMode.Iou, double eps = DefaultEps)
    {
        CheckBoxes(boxes1, nameof(boxes1));
        CheckBoxes(boxes2, nameof(boxes2));
        if (boxes1.shape[^2] != boxes2.shape[^2])
            throw new ArgumentException(
                $"Aligned overlaps need the same number of boxes on both sides, got {boxes1.shape[^2]} and {boxes2.shape[^2]}.");
        using var scope = NewDisposeScope();
        return Overlaps(boxes1, boxes2, mode, eps).MoveToOuterDisposeScope();
    }

    /// <summary>The shared formula on two broadcastable box tensors (last dimension x1, y1, x2, y2).</summary>
    static Tensor Overlaps(Tensor a, Tensor b, IouMode mode, double eps)
    {
        var areaA = Area(a);
        var areaB = Area(b);
        var lt = maximum(a[TensorIndex.Ellipsis, ..2], b[TensorIndex.Ellipsis, ..2]);
        var rb = minimum(a[TensorIndex.Ellipsis, 2..], b[TensorIndex.Ellipsis, 2..]);
        var overlap = Area(lt, rb);
        using var epsScalar = eps.ToScalar();
        var union = mode == IouMode.Iof ? areaA : areaA.add(areaB, Scalars.One) - overlap;
        if (eps > 0) union = union.clamp_min(epsScalar);
        var ious = overlap / union;
        if (mode != IouMode.GIou) return ious;

        var enclosingLt = minimum(a[TensorIndex.Ellipsis, ..2], b[TensorIndex.Ellipsis, ..2]);
        var enclosingRb = maximum(a[TensorIndex.Ellipsis, 2..], b[TensorIndex.Ellipsis, 2..]);
        var enclosing = Area(enclosingLt, enclosingRb);
        if (eps > 0) enclosing = enclosing.clamp_min(epsScalar);
        return ious - (enclosing - union) / enclosing;
    }

    /// <summary>(x2 − x1)(y2 − y1), without clamping: inverted boxes have negative area, as in both references.</summary>
    static Tensor Area(Tensor boxes) =>
        (boxes[TensorIndex.Ellipsis, 2] - boxes[TensorIndex.Ellipsis, 0]) * (boxes[TensorIndex.Ellipsis, 3] - boxes[TensorIndex.Ellipsis, 1]);

    /// <summary>Area of the rectangle between two corners, zero where they do not overlap.</summary>
    static Tensor Area(Tensor lt, Tensor rb)
    {
        var wh = (rb - lt).clamp_min(Scalars.Zero);
        return wh[TensorIndex.Ellipsis, 0] * wh[TensorIndex.Ellipsis, 1];
    }

    internal static void CheckBoxes(Tensor boxes, string name)
    {
        if (boxes.dim() < 2 || boxes.shape[^1] != 4)
            throw new ArgumentException($"{name} must be …×N×4 (x1, y1, x2, y2), got [{string.Join(", ", boxes.shape)}].", name);
        if (!boxes.is_floating_point())
            throw new ArgumentException($"{name} must be a floating-point tensor, got {boxes.dtype}.", name);
    }
}
