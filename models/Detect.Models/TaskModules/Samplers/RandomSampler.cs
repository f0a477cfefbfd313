using Detect.Models.TaskModules.Assigners;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Samplers;

/// <summary>
/// Samples up to <c>num</c> priors, a <c>posFraction</c> of them positive, uniformly at random, as
/// MMDetection's <c>RandomSampler</c> (RPN and R-CNN training).
/// </summary>
/// <remarks>
/// <para>With <c>addGtAsProposals</c> the ground truths are prepended to the priors as positives of
/// themselves. Positives: all if there are at most int(num · posFraction), else a random subset.
/// Negatives fill the rest of <c>num</c>, capped at int(negPosUb · max(1, positives)) when
/// <c>negPosUb</c> ≥ 0. Sampled indices come back sorted (MMDetection applies <c>unique</c>).</para>
/// <para>Randomness comes from <c>generator</c> (CPU); give one created with a seed for reproducible
/// sampling. Without one, torch's global generator is used, as MMDetection does.</para>
/// </remarks>
public sealed class RandomSampler(
    int num,
    double posFraction,
    int negPosUb = -1,
    bool addGtAsProposals = true,
    Generator? generator = null) : ISampler
{
    /// <summary>Samples per image.</summary>
    public int Num { get; } = num >= 0 ? num : throw new ArgumentOutOfRangeException(nameof(num), num, "num must not be negative.");

    /// <summary>Fraction of <see cref="Num"/> reserved for positives.</summary>
    public double PosFraction { get; } = posFraction is >= 0 and <= 1
        ? posFraction
        : throw new ArgumentOutOfRangeException(nameof(posFraction), posFraction, "posFraction must be in [0, 1].");

    /// <summary>Upper bound of negatives per positive; negative disables it.</summary>
    public int NegPosUb { get; } = negPosUb;

    /// <summary>Whether ground truths are added as proposals.</summary>
    public bool AddGtAsProposals { get; } = addGtAsProposals;

    /// <inheritdoc />
    public SamplingResult Sample(AssignResult assignResult, Tensor priors, Tensor gtBboxes, Tensor gtLabels)
    {
        using var scope = NewDisposeScope();
        if (priors.dim() < 2) priors = priors.unsqueeze(0);
        priors = priors[.., ..4];
        var gtFlags = zeros(priors.shape[0], dtype: ScalarType.Byte, device: priors.device);
        var assigned = assignResult;
        if (AddGtAsProposals && gtBboxes.shape[0] > 0)
        {
            priors = cat([gtBboxes.to(priors.dtype), priors]);
            assigned = assignResult.WithGtsAsPredictions(gtLabels);
            gtFlags = cat([ones(gtBboxes.shape[0], dtype: ScalarType.Byte, device: priors.device), gtFlags]);
        }

        int expectedPos = (int)(Num * PosFraction);
        var posInds = Choose(assigned.GtInds.gt(Scalars.Zero), expectedPos);
        int sampledPos = (int)posInds.numel();
        int expectedNeg = Num - sampledPos;
        if (NegPosUb >= 0) expectedNeg = Math.Min(expectedNeg, (int)(NegPosUb * (double)Math.Max(1, sampledPos)));
        var negInds = Choose(assigned.GtInds.eq(Scalars.Zero), expectedNeg);

        return new SamplingResult(posInds, negInds, priors, gtBboxes, assigned, gtFlags).MoveToOuterDisposeScope();
    }

    /// <summary>All indices where <paramref name="mask"/> holds if there are at most <paramref name="count"/>, else a random subset; sorted.</summary>
    Tensor Choose(Tensor mask, int count)
    {
        var gallery = mask.nonzero().view(-1);
        if (gallery.numel() > count)
        {
            // Permutation drawn on the CPU (MMDetection works around randperm bugs on GPU the same way).
            var perm = randperm(gallery.numel(), generator: generator)[..count].to(gallery.device);
            gallery = gallery.index_select(0, perm);
        }
        return gallery.unique().output;
    }
}
