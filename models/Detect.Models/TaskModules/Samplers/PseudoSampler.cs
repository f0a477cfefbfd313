using Detect.Models.TaskModules.Assigners;
using Detect.Platform;
using static TorchSharp.torch;

namespace Detect.Models.TaskModules.Samplers;

/// <summary>
/// Takes every positive and every negative, as MMDetection's <c>PseudoSampler</c> (one-stage heads
/// that weight all priors). Ignored priors (−1) are in neither set; <see cref="SamplingResult.AvgFactor"/>
/// counts positives only.
/// </summary>
public sealed class PseudoSampler : ISampler
{
    /// <inheritdoc />
    public SamplingResult Sample(AssignResult assignResult, Tensor priors, Tensor gtBboxes, Tensor gtLabels)
    {
        using var scope = NewDisposeScope();
        var posInds = assignResult.GtInds.gt(Scalars.Zero).nonzero().squeeze(-1).unique().output;
        var negInds = assignResult.GtInds.eq(Scalars.Zero).nonzero().squeeze(-1).unique().output;
        var gtFlags = zeros(priors.shape[0], dtype: ScalarType.Byte, device: priors.device);
        return new SamplingResult(posInds, negInds, priors, gtBboxes, assignResult, gtFlags, avgFactorWithNeg: false)
            .MoveToOuterDisposeScope();
    }
}
