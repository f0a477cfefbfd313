using Detect.Platform;
using Detect.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// torchvision's IoU <c>Matcher</c> (<c>models/detection/_utils.py</c>) as an assigner: how torchvision's RPN (0.7, 0.3,
/// low-quality matches), RetinaNet (0.5, 0.4, low-quality matches) and R-CNN box head (0.5, 0.5) pick their targets.
/// </summary>
/// <remarks>
/// <para>Each prior takes its best ground truth (the first one on ties). Best IoU below <c>lowThreshold</c>: negative;
/// in [<c>lowThreshold</c>, <c>highThreshold</c>): ignored; from <c>highThreshold</c> on: positive. With
/// <c>allowLowQualityMatches</c>, every prior that is the best prior of some ground truth (ties included, whatever the
/// IoU) becomes positive too — for its <b>own</b> best ground truth.</para>
/// <para>That last point is where it differs from <see cref="MaxIoUAssigner"/> (MMDetection's <c>match_low_quality</c>),
/// which gives such a prior the ground truth it is best for (the last one when several are) and only when that IoU reaches
/// <c>min_pos_iou</c>: the two disagree on priors that are the best of one box but overlap another more, i.e. around
/// overlapping ground truths. IoUs are torchvision's <c>box_iou</c> bit for bit (no epsilon). torchvision has no ignored
/// (crowd) boxes; <c>gtBboxesIgnore</c> plays no part here either. With no ground truth every prior is negative.</para>
/// <para>Example: <c>new TorchvisionMatcher(0.5, 0.4, allowLowQualityMatches: true)</c> is RetinaNet's <c>proposal_matcher</c>.</para>
/// </remarks>
/// <param name="highThreshold"><c>high_threshold</c>: best IoU from which a prior is positive.</param>
/// <param name="lowThreshold"><c>low_threshold</c>: best IoU below which a prior is negative.</param>
/// <param name="allowLowQualityMatches"><c>allow_low_quality_matches</c>.</param>
public sealed class TorchvisionMatcher(double highThreshold, double lowThreshold, bool allowLowQualityMatches = false) : IAssigner
{
    /// <summary><c>high_threshold</c>.</summary>
    public double HighThreshold { get; } = lowThreshold <= highThreshold
        ? highThreshold
        : throw new ArgumentOutOfRangeException(nameof(lowThreshold), lowThreshold, $"low_threshold must not exceed high_threshold ({highThreshold}).");

    /// <summary><c>low_threshold</c>.</summary>
    public double LowThreshold { get; } = lowThreshold;

    /// <summary><c>allow_low_quality_matches</c>.</summary>
    public bool AllowLowQualityMatches { get; } = allowLowQualityMatches;

    /// <inheritdoc />
    public AssignResult Assign(Tensor priors, Tensor gtBboxes, Tensor gtLabels, Tensor? gtBboxesIgnore = null,
                               IReadOnlyList<int>? numLevelPriors = null)
    {
        AssignerInputs.Check(priors, gtBboxes, gtLabels);
        using var scope = NewDisposeScope();
        long k = gtBboxes.shape[0], n = priors.shape[0];
        var device = priors.device;
        if (k == 0 || n == 0)
            return AssignResult.AllNegative((int)k, n, device).MoveToOuterDisposeScope();

        // Explicit scalars: temporaries made from .NET numbers are freed only by a finalizer (PLATFORM.md).
        using Scalar one = 1, zero = 0, ignored = -1, low = LowThreshold, high = HighThreshold;
        var quality = BoxIou.Pairwise(gtBboxes, priors[.., ..4], eps: 0);   // k×n, torchvision's match_quality_matrix
        var (matchedVals, matches) = quality.max(0);
        var matched = matches.add(one, Scalars.One);
        var gtInds = matched.masked_fill(matchedVals.lt(low), zero);
        gtInds = gtInds.masked_fill(matchedVals.ge(low).logical_and(matchedVals.lt(high)), ignored);
        if (AllowLowQualityMatches)
        {
            var bestOfSomeGt = quality.eq(quality.max(1).values.unsqueeze(1)).any(0);
            gtInds = where(bestOfSomeGt, matched, gtInds);
        }
        return new AssignResult((int)k, gtInds, matchedVals, AssignerInputs.LabelsOf(gtInds, gtLabels)).MoveToOuterDisposeScope();
    }
}
