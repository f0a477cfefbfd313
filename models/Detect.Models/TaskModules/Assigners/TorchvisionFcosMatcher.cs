using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// torchvision's FCOS target assignment (<c>FCOS.compute_loss</c>) as an assigner. Its priors are torchvision's FCOS
/// anchors: one square per point, as wide as the level's nominal stride (8 … 128), centred on the point.
/// </summary>
/// <remarks>
/// <para>A point may take a ground truth when (1) its centre is closer than <c>center_sampling_radius</c> × anchor size to
/// the box centre in both x and y, (2) it lies strictly inside the box, and (3) its largest distance to the box sides lies
/// strictly between 4 and 8 anchor sizes (from 0 on the first level, without bound on the last). Of the boxes it may take
/// it takes the smallest; torchvision ranks them by <c>1e8 − area</c> in float32, so boxes whose areas differ by less than
/// that number's spacing (8) tie and the first wins — kept here on purpose.</para>
/// <para>MMDetection's FCOS rule (<see cref="DenseHeads.FCOSHead"/> without an assigner) differs in the range test (closed
/// intervals, MMDetection's <c>regress_ranges</c>) and the area ties. <see cref="AssignResult.MaxOverlaps"/> holds the
/// ranking value (1e8 − area, 0 when unmatched). Needs <c>numLevelPriors</c>. With no ground truth every point is negative.</para>
/// </remarks>
/// <param name="centerSamplingRadius"><c>center_sampling_radius</c>, in anchor sizes.</param>
public sealed class TorchvisionFcosMatcher(double centerSamplingRadius = 1.5) : IAssigner
{
    /// <summary><c>center_sampling_radius</c>.</summary>
    public double CenterSamplingRadius { get; } = centerSamplingRadius > 0
        ? centerSamplingRadius
        : throw new ArgumentOutOfRangeException(nameof(centerSamplingRadius), centerSamplingRadius, "center_sampling_radius must be positive.");

    /// <inheritdoc />
    public AssignResult Assign(Tensor priors, Tensor gtBboxes, Tensor gtLabels, Tensor? gtBboxesIgnore = null,
                               IReadOnlyList<int>? numLevelPriors = null)
    {
        AssignerInputs.Check(priors, gtBboxes, gtLabels);
        if (numLevelPriors is not { Count: > 0 } || numLevelPriors.Sum() != priors.shape[0])
            throw new ArgumentException(
                $"TorchvisionFcosMatcher needs the number of priors per level, summing to {priors.shape[0]}; got [{string.Join(", ", numLevelPriors ?? [])}].",
                nameof(numLevelPriors));
        using var scope = NewDisposeScope();
        long k = gtBboxes.shape[0], n = priors.shape[0];
        var device = priors.device;
        if (k == 0 || n == 0)
            return AssignResult.AllNegative((int)k, n, device).MoveToOuterDisposeScope();

        using Scalar half = 0.5, radius = CenterSamplingRadius, four = 4, eight = 8, none = 0,
            areaBase = 1e8, matchFloor = 1e-5, one = 1;
        var gtCenters = gtBboxes[.., ..2].add(gtBboxes[.., 2..], Scalars.One).mul(half);
        var centers = priors[.., ..2].add(priors[.., 2..4], Scalars.One).mul(half);
        var sizes = priors[.., 2] - priors[.., 0];
        var match = (centers.unsqueeze(1) - gtCenters.unsqueeze(0)).abs().max(2).values.lt(sizes.unsqueeze(1).mul(radius));   // n×k

        var (x, y) = (centers[.., 0].unsqueeze(1), centers[.., 1].unsqueeze(1));
        var (x0, y0, x1, y1) = (gtBboxes[.., 0].unsqueeze(0), gtBboxes[.., 1].unsqueeze(0), gtBboxes[.., 2].unsqueeze(0), gtBboxes[.., 3].unsqueeze(0));
        var distances = stack([x - x0, y - y0, x1 - x, y1 - y], 2);                                                         // n×k×4
        match = match.logical_and(distances.min(2).values.gt(none));

        var lower = sizes.mul(four);
        lower[..numLevelPriors[0]] = tensor(0f, device: device);
        var upper = sizes.mul(eight);
        upper[(int)(n - numLevelPriors[^1])..] = tensor(float.PositiveInfinity, device: device);
        var farthest = distances.max(2).values;
        match = match.logical_and(farthest.gt(lower.unsqueeze(1))).logical_and(farthest.lt(upper.unsqueeze(1)));

        var areas = (gtBboxes[.., 2] - gtBboxes[.., 0]) * (gtBboxes[.., 3] - gtBboxes[.., 1]);
        var ranking = match.to(ScalarType.Float32) * areas.neg().add(areaBase, Scalars.One).unsqueeze(0);
        var (best, bestGt) = ranking.max(1);
        var gtInds = bestGt.add(one, Scalars.One).masked_fill(best.lt(matchFloor), none);
        return new AssignResult((int)k, gtInds, best, AssignerInputs.LabelsOf(gtInds, gtLabels)).MoveToOuterDisposeScope();
    }
}
