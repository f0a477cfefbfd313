using Detect.Ops;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// IoU-threshold assignment, as MMDetection's <c>MaxIoUAssigner</c> (RPN, RetinaNet, R-CNN heads).
/// </summary>
/// <remarks>
/// In order: (1) every prior starts ignored (−1); (2) priors whose best IoU is in <c>negIouThr</c> become
/// negative (0); (3) priors whose best IoU is ≥ <c>posIouThr</c> go to that ground truth; (4) with
/// <c>matchLowQuality</c>, each ground truth whose best IoU is ≥ <c>minPosIou</c> also takes its best
/// prior (all priors tied at that IoU with <c>gtMaxAssignAll</c>), later ground truths overriding earlier
/// ones. Priors covered by an ignored box (IoF &gt; <c>ignoreIofThr</c>) keep −1 throughout.
/// With no ground truth every prior is negative; with no priors the result is empty.
/// </remarks>
public sealed class MaxIoUAssigner(
    double posIouThr,
    IouRange negIouThr,
    double minPosIou = 0.0,
    bool gtMaxAssignAll = true,
    double ignoreIofThr = -1,
    bool ignoreWrtCandidates = true,
    bool matchLowQuality = true,
    int gpuAssignThr = -1) : IAssigner
{
    /// <summary>Best IoU from which a prior is positive.</summary>
    public double PosIouThr { get; } = posIouThr;

    /// <summary>Best-IoU interval in which a prior is negative.</summary>
    public IouRange NegIouThr { get; } = negIouThr;

    /// <summary>Least IoU for the low-quality matches of step 4.</summary>
    public double MinPosIou { get; } = minPosIou;

    /// <summary>Step 4 assigns every prior tied at a ground truth's best IoU, not only the first.</summary>
    public bool GtMaxAssignAll { get; } = gtMaxAssignAll;

    /// <summary>IoF above which a prior covered by an ignored box is ignored; ≤ 0 disables.</summary>
    public double IgnoreIofThr { get; } = ignoreIofThr;

    /// <summary>IoF over the prior's area (true) or over the ignored box's area (false).</summary>
    public bool IgnoreWrtCandidates { get; } = ignoreWrtCandidates;

    /// <summary>Whether step 4 runs.</summary>
    public bool MatchLowQuality { get; } = matchLowQuality;

    /// <summary>Above this many ground truths the assignment runs on the CPU (saves device memory); ≤ 0 never.</summary>
    public int GpuAssignThr { get; } = gpuAssignThr;

    /// <inheritdoc />
    public AssignResult Assign(Tensor priors, Tensor gtBboxes, Tensor gtLabels, Tensor? gtBboxesIgnore = null,
                               IReadOnlyList<int>? numLevelPriors = null)
    {
        AssignerInputs.Check(priors, gtBboxes, gtLabels);
        using var scope = NewDisposeScope();
        var device = priors.device;
        bool onCpu = GpuAssignThr > 0 && gtBboxes.shape[0] > GpuAssignThr;
        if (onCpu) (priors, gtBboxes, gtLabels, gtBboxesIgnore) = (priors.cpu(), gtBboxes.cpu(), gtLabels.cpu(), gtBboxesIgnore?.cpu());
        priors = priors[.., ..4];

        var overlaps = BoxIou.Pairwise(gtBboxes, priors);   // k×n
        if (IgnoreIofThr > 0 && gtBboxesIgnore is not null && gtBboxesIgnore.numel() > 0 && priors.numel() > 0)
        {
            var ignored = IgnoreWrtCandidates
                ? BoxIou.Pairwise(priors, gtBboxesIgnore, IouMode.Iof).max(1).values
                : BoxIou.Pairwise(gtBboxesIgnore, priors, IouMode.Iof).max(0).values;
            using var ignoreThr = IgnoreIofThr.ToScalar();
            overlaps = overlaps.masked_fill(ignored.gt(ignoreThr).unsqueeze(0), Scalars.MinusOne);
        }
        var result = AssignWrtOverlaps(overlaps, gtLabels);
        if (onCpu) result = new AssignResult(result.NumGts, result.GtInds.to(device), result.MaxOverlaps.to(device), result.Labels.to(device));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Steps 1–4 on a k×n ground-truth × prior overlap matrix (ignored priors hold −1).</summary>
    public AssignResult AssignWrtOverlaps(Tensor overlaps, Tensor gtLabels)
    {
        using var scope = NewDisposeScope();
        long k = overlaps.shape[0], n = overlaps.shape[1];
        var device = overlaps.device;
        if (k == 0 || n == 0)
        {
            return new AssignResult((int)k,
                full(n, k == 0 ? Scalars.Zero : Scalars.MinusOne, dtype: ScalarType.Int64, device: device),
                zeros(n, dtype: overlaps.dtype, device: device),
                full(n, Scalars.MinusOne, dtype: ScalarType.Int64, device: device)).MoveToOuterDisposeScope();
        }

        var (maxOverlaps, argmaxOverlaps) = overlaps.max(0);          // best ground truth of each prior
        var (gtMaxOverlaps, gtArgmaxOverlaps) = overlaps.max(1);      // best prior of each ground truth
        using var negLow = NegIouThr.Low.ToScalar();
        using var negHigh = NegIouThr.High.ToScalar();
        using var posThr = PosIouThr.ToScalar();
        var gtInds = full(n, Scalars.MinusOne, dtype: ScalarType.Int64, device: device);
        var negative = maxOverlaps.ge(negLow).logical_and(maxOverlaps.lt(negHigh));
        gtInds = gtInds.masked_fill(negative, Scalars.Zero);
        var positive = maxOverlaps.ge(posThr);
        gtInds = where(positive, argmaxOverlaps.add(Scalars.One, Scalars.One), gtInds);

        if (MatchLowQuality)
        {
            // MMDetection loops over ground truths in order, later ones overwriting: the last ground
            // truth that claims a prior wins, i.e. the largest index among the claims.
            using var minPos = MinPosIou.ToScalar();
            var eligible = gtMaxOverlaps.ge(minPos).unsqueeze(1);
            var claims = GtMaxAssignAll
                ? overlaps.eq(gtMaxOverlaps.unsqueeze(1))
                : Ranges.Arange(n, device: device).unsqueeze(0).eq(gtArgmaxOverlaps.unsqueeze(1));
            var claimant = where(claims.logical_and(eligible), Ranges.Arange(1, k + 1, device: device).unsqueeze(1), zeros(1, dtype: ScalarType.Int64, device: device));
            var last = claimant.max(0).values;
            gtInds = where(last.gt(Scalars.Zero), last, gtInds);
        }
        return new AssignResult((int)k, gtInds, maxOverlaps, AssignerInputs.LabelsOf(gtInds, gtLabels)).MoveToOuterDisposeScope();
    }
}
