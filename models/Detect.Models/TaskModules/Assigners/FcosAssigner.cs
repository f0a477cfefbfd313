using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// MMDetection's FCOS target rule (<c>FCOSHead._get_targets_single</c>) as an assigner: each point takes the smallest
/// ground truth that contains it (or, with <c>center_sampling</c>, whose centre region contains it) and whose farthest side
/// lies within the level's <c>regress_ranges</c> entry. <see cref="DenseHeads.FCOSHead"/> uses it unless given another.
/// </summary>
/// <remarks>
/// Priors are one square per point, as wide as the level's stride and centred on the point (the point and the stride are
/// read back from it); <c>numLevelPriors</c> says which level each belongs to. The centre region is the box centre ±
/// <c>center_sample_radius</c> × stride, clipped to the box; the point must lie strictly inside. Regress ranges are closed
/// intervals; ties in area go to the first box. <see cref="AssignResult.MaxOverlaps"/> holds the chosen box's area
/// (MMDetection's INF, 1e8, when none). With no ground truth every point is negative.
/// </remarks>
/// <param name="regressRanges"><c>regress_ranges</c>: (low, high) of the farthest side per level.</param>
/// <param name="centerSampling"><c>center_sampling</c>.</param>
/// <param name="centerSampleRadius"><c>center_sample_radius</c>, in strides.</param>
public sealed class FcosAssigner(IReadOnlyList<(double Low, double High)> regressRanges, bool centerSampling = false, double centerSampleRadius = 1.5)
    : IAssigner
{
    /// <summary>MMDetection's INF: the area of "no box".</summary>
    public const double Inf = 1e8;

    /// <summary><c>regress_ranges</c>.</summary>
    public IReadOnlyList<(double Low, double High)> RegressRanges { get; } = regressRanges.Count > 0
        ? [.. regressRanges]
        : throw new ArgumentException("regress_ranges needs one (low, high) pair per level.", nameof(regressRanges));

    /// <summary><c>center_sampling</c>.</summary>
    public bool CenterSampling { get; } = centerSampling;

    /// <summary><c>center_sample_radius</c>.</summary>
    public double CenterSampleRadius { get; } = centerSampleRadius;

    /// <inheritdoc />
    public AssignResult Assign(Tensor priors, Tensor gtBboxes, Tensor gtLabels, Tensor? gtBboxesIgnore = null,
                               IReadOnlyList<int>? numLevelPriors = null)
    {
        AssignerInputs.Check(priors, gtBboxes, gtLabels);
        if (numLevelPriors is null || numLevelPriors.Count != RegressRanges.Count || numLevelPriors.Sum() != priors.shape[0])
            throw new ArgumentException(
                $"FcosAssigner needs the number of priors of each of its {RegressRanges.Count} levels, summing to {priors.shape[0]}; " +
                $"got [{string.Join(", ", numLevelPriors ?? [])}].", nameof(numLevelPriors));
        using var scope = NewDisposeScope();
        long n = priors.shape[0], k = gtBboxes.shape[0];
        var device = priors.device;
        if (k == 0 || n == 0)
            return AssignResult.AllNegative((int)k, n, device, (float)Inf).MoveToOuterDisposeScope();

        using Scalar two = 2, radius = CenterSampleRadius, none = 0, inf = Inf, one = 1;
        var points = priors[.., ..2].add(priors[.., 2..4], Scalars.One).div(two);
        var boxes = gtBboxes.unsqueeze(0).expand(n, k, 4);
        var xs = points[.., 0].unsqueeze(1).expand(n, k);
        var ys = points[.., 1].unsqueeze(1).expand(n, k);
        var bboxTargets = stack([xs - boxes[.., .., 0], ys - boxes[.., .., 1], boxes[.., .., 2] - xs, boxes[.., .., 3] - ys], -1);

        Tensor inside;
        if (CenterSampling)
        {
            var stride = (priors[.., 2] - priors[.., 0]).mul(radius).unsqueeze(1).expand(n, k);
            var centerXs = boxes[.., .., 0].add(boxes[.., .., 2], Scalars.One).div(two);
            var centerYs = boxes[.., .., 1].add(boxes[.., .., 3], Scalars.One).div(two);
            var (xMins, yMins, xMaxs, yMaxs) = (centerXs - stride, centerYs - stride, centerXs.add(stride, Scalars.One), centerYs.add(stride, Scalars.One));
            // The centre region, clipped to the box.
            var cx1 = where(xMins.gt(boxes[.., .., 0]), xMins, boxes[.., .., 0]);
            var cy1 = where(yMins.gt(boxes[.., .., 1]), yMins, boxes[.., .., 1]);
            var cx2 = where(xMaxs.gt(boxes[.., .., 2]), boxes[.., .., 2], xMaxs);
            var cy2 = where(yMaxs.gt(boxes[.., .., 3]), boxes[.., .., 3], yMaxs);
            inside = stack([xs - cx1, ys - cy1, cx2 - xs, cy2 - ys], -1).min(-1).values.gt(none);
        }
        else
        {
            inside = bboxTargets.min(-1).values.gt(none);
        }
        var ranges = cat(numLevelPriors.Select((count, level) =>
            tensor(new[] { (float)RegressRanges[level].Low, (float)RegressRanges[level].High }, device: device).unsqueeze(0).expand(count, 2)).ToArray());
        var farthest = bboxTargets.max(-1).values;
        var inRange = farthest.ge(ranges[.., 0].unsqueeze(1)).logical_and(farthest.le(ranges[.., 1].unsqueeze(1)));
        var areas = ((gtBboxes[.., 2] - gtBboxes[.., 0]) * (gtBboxes[.., 3] - gtBboxes[.., 1])).unsqueeze(0).repeat(n, 1);
        areas = areas.masked_fill(inside.logical_not(), inf).masked_fill(inRange.logical_not(), inf);
        var (minArea, minAreaInds) = areas.min(1);
        var gtInds = minAreaInds.add(one, Scalars.One).masked_fill(minArea.eq(inf), none);
        return new AssignResult((int)k, gtInds, minArea, AssignerInputs.LabelsOf(gtInds, gtLabels)).MoveToOuterDisposeScope();
    }
}
