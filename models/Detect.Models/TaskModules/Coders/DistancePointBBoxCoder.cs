using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Coders;

/// <summary>
/// Distances from a point to the four sides of a box (left, top, right, bottom), as MMDetection's
/// <c>DistancePointBBoxCoder</c> (FCOS, GFL, RTMDet…). Priors are points (…×2, x y).
/// </summary>
public sealed class DistancePointBBoxCoder(bool clipBorder = true) : IBBoxCoder
{
    /// <summary>Whether decoded boxes are clipped to the image.</summary>
    public bool ClipBorder { get; } = clipBorder;

    /// <inheritdoc />
    public int EncodeSize => 4;

    /// <inheritdoc />
    public Tensor Encode(Tensor bboxes, Tensor gtBboxes) => Encode(bboxes, gtBboxes, maxDis: null);

    /// <summary>
    /// Distances from <paramref name="points"/> (…×2) to the sides of <paramref name="gtBboxes"/> (…×4);
    /// with <paramref name="maxDis"/> they are clamped to [0, maxDis − eps] (so targets stay below maxDis).
    /// </summary>
    public Tensor Encode(Tensor points, Tensor gtBboxes, double? maxDis, double eps = 0.1)
    {
        CheckPoints(points, gtBboxes);
        using var scope = NewDisposeScope();
        var (x, y) = (points[TensorIndex.Ellipsis, 0], points[TensorIndex.Ellipsis, 1]);
        var sides = new[]
        {
            x - gtBboxes[TensorIndex.Ellipsis, 0], y - gtBboxes[TensorIndex.Ellipsis, 1],
            gtBboxes[TensorIndex.Ellipsis, 2] - x, gtBboxes[TensorIndex.Ellipsis, 3] - y,
        };
        if (maxDis is { } limit)
        {
            using var upper = (limit - eps).ToScalar();
            sides = [.. sides.Select(d => d.clamp(Scalars.Zero, upper))];
        }
        return stack(sides, -1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor bboxes, Tensor predBboxes, (int Height, int Width)? maxShape = null)
    {
        CheckPoints(bboxes, predBboxes);
        using var scope = NewDisposeScope();
        var (x, y) = (bboxes[TensorIndex.Ellipsis, 0], bboxes[TensorIndex.Ellipsis, 1]);
        var boxes = stack([
            x - predBboxes[TensorIndex.Ellipsis, 0], y - predBboxes[TensorIndex.Ellipsis, 1],
            x.add(predBboxes[TensorIndex.Ellipsis, 2], Scalars.One), y.add(predBboxes[TensorIndex.Ellipsis, 3], Scalars.One)], -1);
        if (ClipBorder && maxShape is { } shape) boxes = DeltaNormalization.Clip(boxes, shape.Width, shape.Height);
        return boxes.MoveToOuterDisposeScope();
    }

    static void CheckPoints(Tensor points, Tensor boxes)
    {
        if (points.shape[^1] != 2 || boxes.shape[^1] != 4 || points.shape[0] != boxes.shape[0])
            throw new ArgumentException(
                $"Point coding needs points …×2 and boxes …×4 with the same count, got [{string.Join(", ", points.shape)}] and [{string.Join(", ", boxes.shape)}].");
    }
}
