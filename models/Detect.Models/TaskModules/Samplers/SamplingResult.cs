using Detect.Models.TaskModules.Assigners;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Samplers;

/// <summary>
/// The sampled positives and negatives of one image, as MMDetection's <c>SamplingResult</c>.
/// </summary>
/// <remarks>
/// Indices refer to the sampler's prior list, which starts with the ground truths when a sampler adds
/// them as proposals (<see cref="PosIsGt"/> marks those). <see cref="NumPos"/> and <see cref="NumNeg"/> are
/// at least 1 (MMDetection's guard for averaging); <see cref="AvgFactor"/> is their sum, or
/// <see cref="NumPos"/> alone for samplers that do not sample negatives (<see cref="PseudoSampler"/>).
/// Owns its tensors (not the <see cref="AssignResult"/> it was made from).
/// </remarks>
public sealed class SamplingResult : IDisposable
{
    /// <summary>Builds the result from sampled indices into <paramref name="priors"/>.</summary>
    public SamplingResult(Tensor posInds, Tensor negInds, Tensor priors, Tensor gtBboxes, AssignResult assignResult,
                          Tensor gtFlags, bool avgFactorWithNeg = true)
    {
        PosInds = posInds;
        NegInds = negInds;
        NumPos = Math.Max((int)posInds.numel(), 1);
        NumNeg = Math.Max((int)negInds.numel(), 1);
        AvgFactorWithNeg = avgFactorWithNeg;
        PosPriors = priors.index_select(0, posInds);
        NegPriors = priors.index_select(0, negInds);
        PosIsGt = gtFlags.index_select(0, posInds);
        NumGts = (int)gtBboxes.shape[0];
        PosAssignedGtInds = assignResult.GtInds.index_select(0, posInds).sub(Scalars.One);
        PosGtLabels = assignResult.Labels.index_select(0, posInds);
        PosGtBboxes = gtBboxes.numel() == 0 ? gtBboxes.view(-1, 4).alias() : gtBboxes.index_select(0, PosAssignedGtInds);
    }

    /// <summary>Indices of the sampled positives.</summary>
    public Tensor PosInds { get; }

    /// <summary>Indices of the sampled negatives.</summary>
    public Tensor NegInds { get; }

    /// <summary>Number of positives, at least 1.</summary>
    public int NumPos { get; }

    /// <summary>Number of negatives, at least 1.</summary>
    public int NumNeg { get; }

    /// <summary>Whether <see cref="AvgFactor"/> counts negatives.</summary>
    public bool AvgFactorWithNeg { get; }

    /// <summary>What losses average over: positives + negatives, or positives only.</summary>
    public int AvgFactor => AvgFactorWithNeg ? NumPos + NumNeg : NumPos;

    /// <summary>Priors of the positives (p×4).</summary>
    public Tensor PosPriors { get; }

    /// <summary>Priors of the negatives.</summary>
    public Tensor NegPriors { get; }

    /// <summary>1 where a positive is a ground truth added as a proposal, else 0 (uint8).</summary>
    public Tensor PosIsGt { get; }

    /// <summary>Number of ground truths of the image.</summary>
    public int NumGts { get; }

    /// <summary>0-based ground-truth index of each positive.</summary>
    public Tensor PosAssignedGtInds { get; }

    /// <summary>Label of each positive's ground truth.</summary>
    public Tensor PosGtLabels { get; }

    /// <summary>Box of each positive's ground truth (p×4).</summary>
    public Tensor PosGtBboxes { get; }

    /// <summary>Positive then negative priors.</summary>
    public Tensor Priors => cat([PosPriors, NegPriors]);

    /// <summary>Moves every tensor to the enclosing dispose scope.</summary>
    public SamplingResult MoveToOuterDisposeScope()
    {
        foreach (var t in Tensors) t.MoveToOuterDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"SamplingResult(num_pos={NumPos}, num_neg={NumNeg}, num_gts={NumGts})";

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }

    IEnumerable<Tensor> Tensors => [PosInds, NegInds, PosPriors, NegPriors, PosIsGt, PosAssignedGtInds, PosGtLabels, PosGtBboxes];
}
