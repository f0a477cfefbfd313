using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Assigners;

/// <summary>
/// Which ground truth each prediction (prior) was assigned to, as MMDetection's <c>AssignResult</c>.
/// </summary>
/// <remarks>
/// <para><see cref="GtInds"/> (int64, one per prediction): 0 = negative (background), −1 = ignored,
/// i + 1 = assigned to ground-truth box i. <see cref="MaxOverlaps"/>: the overlap behind the decision
/// (IoU with the best ground truth for <see cref="MaxIoUAssigner"/>). <see cref="Labels"/> (int64): the
/// assigned ground truth's label for positives, −1 elsewhere (heads turn −1 into the background class K).</para>
/// <para>Owns its tensors: dispose it, or move it out of a dispose scope.</para>
/// </remarks>
public sealed class AssignResult(int numGts, Tensor gtInds, Tensor maxOverlaps, Tensor labels) : IDisposable
{
    /// <summary>Number of ground-truth boxes considered.</summary>
    public int NumGts { get; } = numGts;

    /// <summary>Per prediction: 0 negative, −1 ignored, i + 1 assigned to ground truth i.</summary>
    public Tensor GtInds { get; } = gtInds;

    /// <summary>Per prediction: the overlap that decided its assignment.</summary>
    public Tensor MaxOverlaps { get; } = maxOverlaps;

    /// <summary>Per prediction: the label of its ground truth, −1 when it has none.</summary>
    public Tensor Labels { get; } = labels;

    /// <summary>Number of predictions.</summary>
    public int NumPreds => (int)GtInds.shape[0];

    /// <summary>
    /// A new result with the ground truths prepended as predictions assigned to themselves (overlap 1),
    /// MMDetection's <c>add_gt_</c>, used when samplers add ground truths as proposals. This one is unchanged.
    /// </summary>
    public AssignResult WithGtsAsPredictions(Tensor gtLabels)
    {
        long k = gtLabels.shape[0];
        var selfInds = Ranges.Arange(1, k + 1, ScalarType.Int64, GtInds.device);
        return new AssignResult(NumGts,
            cat([selfInds, GtInds]),
            cat([ones(k, dtype: MaxOverlaps.dtype, device: MaxOverlaps.device), MaxOverlaps]),
            cat([gtLabels.to(Labels.dtype).to(Labels.device), Labels]));
    }

    /// <summary>
    /// <paramref name="numPreds"/> predictions, every one negative, with overlap <paramref name="maxOverlap"/>: what an assigner
    /// returns when there is no ground truth to assign.
    /// </summary>
    public static AssignResult AllNegative(int numGts, long numPreds, Device device, float maxOverlap = 0)
    {
        using var overlap = ((double)maxOverlap).ToScalar();
        return new(numGts, zeros(numPreds, dtype: ScalarType.Int64, device: device), full(numPreds, overlap, device: device),
            full(numPreds, Scalars.MinusOne, dtype: ScalarType.Int64, device: device));
    }

    /// <summary>Moves every tensor to the enclosing dispose scope.</summary>
    public AssignResult MoveToOuterDisposeScope()
    {
        GtInds.MoveToOuterDisposeScope();
        MaxOverlaps.MoveToOuterDisposeScope();
        Labels.MoveToOuterDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"AssignResult(num_gts={NumGts}, num_preds={NumPreds})";

    /// <inheritdoc />
    public void Dispose()
    {
        GtInds.Dispose();
        MaxOverlaps.Dispose();
        Labels.Dispose();
    }
}
