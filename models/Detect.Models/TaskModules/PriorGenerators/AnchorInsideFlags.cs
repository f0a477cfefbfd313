using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.PriorGenerators;

/// <summary>MMDetection's <c>anchor_inside_flags</c>: which valid anchors lie inside the image (plus a border).</summary>
public static class AnchorInsideFlags
{
    /// <summary>
    /// <paramref name="validFlags"/> and, when <paramref name="allowedBorder"/> ≥ 0, anchors whose corners are
    /// within the image grown by <paramref name="allowedBorder"/> pixels (x1, y1 ≥ −border; x2 &lt; W + border;
    /// y2 &lt; H + border). A negative border keeps every valid anchor.
    /// </summary>
    /// <param name="flatAnchors">n×4 anchors of all levels.</param>
    /// <param name="validFlags">n bools (see <see cref="IPriorGenerator.ValidFlags"/>).</param>
    /// <param name="imgShape">The image's (height, width) before padding.</param>
    /// <param name="allowedBorder">Pixels an anchor may reach beyond the image.</param>
    public static Tensor Compute(Tensor flatAnchors, Tensor validFlags, (int Height, int Width) imgShape, double allowedBorder = 0)
    {
        if (allowedBorder < 0) return validFlags.alias();
        using var scope = NewDisposeScope();
        using var low = (-allowedBorder).ToScalar();
        using var right = (imgShape.Width + allowedBorder).ToScalar();
        using var bottom = (imgShape.Height + allowedBorder).ToScalar();
        var inside = validFlags
            .logical_and(flatAnchors[.., 0].ge(low))
            .logical_and(flatAnchors[.., 1].ge(low))
            .logical_and(flatAnchors[.., 2].lt(right))
            .logical_and(flatAnchors[.., 3].lt(bottom));
        return inside.MoveToOuterDisposeScope();
    }
}
