using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.PostProcessing;

/// <summary>MMDetection's <c>filter_scores_and_topk</c>: the best class scores above a threshold.</summary>
public static class ScoreFilter
{
    /// <summary>
    /// Keeps the entries of <paramref name="scores"/> (n×K) greater than <paramref name="scoreThr"/>, then the
    /// <paramref name="topk"/> largest of them (all, when <paramref name="topk"/> is not positive).
    /// </summary>
    /// <returns>The kept scores (decreasing), their class labels and the rows (priors) they came from.</returns>
    public static (Tensor Scores, Tensor Labels, Tensor KeepIdxs) Apply(Tensor scores, double scoreThr, int topk)
    {
        using var scope = NewDisposeScope();
        using var threshold = scoreThr.ToScalar();
        var validMask = scores.gt(threshold);
        var kept = scores.masked_select(validMask);
        var validIdxs = validMask.nonzero();                // m×2: (row, class), row-major as torch.nonzero
        long numTopk = topk > 0 ? Math.Min(topk, validIdxs.shape[0]) : validIdxs.shape[0];
        var (sorted, order) = kept.sort(0, descending: true);
        var take = order[..(int)numTopk];
        var topkIdxs = validIdxs.index_select(0, take);
        return (sorted[..(int)numTopk].MoveToOuterDisposeScope(),
                topkIdxs[.., 1].MoveToOuterDisposeScope(),
                topkIdxs[.., 0].MoveToOuterDisposeScope());
    }
}
