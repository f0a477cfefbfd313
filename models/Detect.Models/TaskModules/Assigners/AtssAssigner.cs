using Detect.Ops;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// Adaptive Training Sample Selection (Zhang et al., 2020), as MMDetection's <c>ATSSAssigner</c>.
/// </summary>
/// <remarks>
/// For each ground truth: on every level take the <c>topk</c> priors whose centres are closest to its
/// centre; their IoUs' mean + standard deviation is its threshold; candidates at or above it whose
/// centre lies inside the box (by more than 0.01) are positive. A prior claimed by several ground
/// truths goes to the one with the highest IoU. Priors covered by ignored boxes start ignored (−1).
/// <see cref="AssignResult.MaxOverlaps"/> holds the winning IoU for positives and −1e8 elsewhere, as in MMDetection.
/// </remarks>
public sealed class AtssAssigner(int topk, double ignoreIofThr = -1) : IAssigner
{
    // MMDetection's INF = 1e8 and the 0.01 margin, as Scalars kept alive (Detect.Platform.Scalars).
    static readonly Scalar Inf = 100000000.0.ToScalar(), MinusInf = (-100000000.0).ToScalar(), Margin = 0.01.ToScalar();

    /// <summary>Candidates per level and ground truth.</summary>
    public int Topk { get; } = topk > 0 ? topk : throw new ArgumentOutOfRangeException(nameof(topk), topk, "topk must be positive.");

    /// <summary>IoF above which a prior covered by an ignored box is ignored; ≤ 0 disables.</summary>
    public double IgnoreIofThr { get; } = ignoreIofThr;

    /// <inheritdoc />
    public AssignResult Assign(Tensor priors, Tensor gtBboxes, Tensor gtLabels, Tensor? gtBboxesIgnore = null,
                               IReadOnlyList<int>? numLevelPriors = null)
    {
        AssignerInputs.Check(priors, gtBboxes, gtLabels);
        if (numLevelPriors is null || numLevelPriors.Sum() != priors.shape[0])
            throw new ArgumentException(
                $"ATSS needs the number of priors per level, summing to {priors.shape[0]}; got [{string.Join(", ", numLevelPriors ?? [])}].",
                nameof(numLevelPriors));
        using var scope = NewDisposeScope();
        priors = priors[.., ..4];
        long k = gtBboxes.shape[0], n = priors.shape[0];
        var device = priors.device;
        var overlaps = BoxIou.Pairwise(priors, gtBboxes);   // n×k
        var gtInds = zeros(n, dtype: ScalarType.Int64, device: device);
        if (k == 0 || n == 0)
            return new AssignResult((int)k, gtInds, zeros(n, dtype: overlaps.dtype, device: device),
                                    full(n, Scalars.MinusOne, dtype: ScalarType.Int64, device: device)).MoveToOuterDisposeScope();

        var priorCentres = Centres(priors);
        var distances = (priorCentres.unsqueeze(1) - Centres(gtBboxes).unsqueeze(0)).pow(Scalars.Two).sum(-1).sqrt();   // n×k
        if (IgnoreIofThr > 0 && gtBboxesIgnore is not null && gtBboxesIgnore.numel() > 0)
        {
            using var ignoreThr = IgnoreIofThr.ToScalar();
            var ignored = BoxIou.Pairwise(priors, gtBboxesIgnore, IouMode.Iof).max(1).values.gt(ignoreThr);
            distances = distances.masked_fill(ignored.unsqueeze(1), Inf);
            gtInds = gtInds.masked_fill(ignored, Scalars.MinusOne);
        }

        var candidates = Candidates(distances, numLevelPriors);                    // c×k prior indices
        var candidateOverlaps = overlaps.gather(0, candidates);                    // c×k
        var threshold = candidateOverlaps.mean([0]).add(candidateOverlaps.std(0), Scalars.One);    // unbiased, as torch.std
        var isPositive = candidateOverlaps.ge(threshold.unsqueeze(0))
            .logical_and(CentreInside(priorCentres.index_select(0, candidates.flatten()).view(candidates.shape[0], k, 2), gtBboxes));

        // Each prior keeps its highest-IoU claim among the ground truths that chose it.
        var claims = full([n, k], MinusInf, dtype: overlaps.dtype, device: device)
            .scatter(0, candidates, where(isPositive, candidateOverlaps, full_like(candidateOverlaps, MinusInf)));
        var (maxOverlaps, argmax) = claims.max(1);
        gtInds = where(maxOverlaps.ne(MinusInf), argmax.add(Scalars.One, Scalars.One), gtInds);
        return new AssignResult((int)k, gtInds, maxOverlaps, AssignerInputs.LabelsOf(gtInds, gtLabels)).MoveToOuterDisposeScope();
    }

    /// <summary>Per level, the indices of the <see cref="Topk"/> priors nearest to each ground-truth centre.</summary>
    Tensor Candidates(Tensor distances, IReadOnlyList<int> numLevelPriors)
    {
        var perLevel = new List<Tensor>();
        long start = 0;
        foreach (int count in numLevelPriors)
        {
            int take = Math.Min(Topk, count);
            using var offset = start.ToScalar();
            if (take > 0)
                perLevel.Add(distances.narrow(0, start, count).topk(take, dim: 0, largest: false).indexes.add(offset, Scalars.One));
            start += count;
        }
        return cat(perLevel, 0);
    }

    static Tensor Centres(Tensor boxes) =>
        stack([boxes[.., 0].add(boxes[.., 2], Scalars.One).div(Scalars.Two), boxes[.., 1].add(boxes[.., 3], Scalars.One).div(Scalars.Two)], 1);

    /// <summary>Whether candidate centres (c×k×2) lie inside their ground truth by more than 0.01 on every side.</summary>
    static Tensor CentreInside(Tensor centres, Tensor gtBboxes)
    {
        var (cx, cy) = (centres[TensorIndex.Ellipsis, 0], centres[TensorIndex.Ellipsis, 1]);
        var sides = stack([cx - gtBboxes[.., 0], cy - gtBboxes[.., 1], gtBboxes[.., 2] - cx, gtBboxes[.., 3] - cy], 1);
        return sides.min(1).values.gt(Margin);
    }
}
