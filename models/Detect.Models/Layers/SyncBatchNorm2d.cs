using Detect.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// MMCV's <c>SyncBN</c> (PyTorch's <c>SyncBatchNorm</c>): in training under a distributed launcher, the batch statistics
/// are those of every rank's batch together — the count and sum, then the squared deviations from the global mean, each
/// summed over ranks by <see cref="DifferentiableAllReduce"/>, so the gradients are those of one large batch too. In one
/// process, and in evaluation, it is exactly <see cref="BatchNorm2d"/> (same parameters, buffers and state-dict keys).
/// The running variance is updated with the unbiased variance of the global batch, as PyTorch's.
/// </summary>
public sealed class SyncBatchNorm2d : BatchNorm2d
{
    // Kept alive for the process: adds with an explicit alpha make no temporary Scalar (PLATFORM.md).
    static readonly Scalar One = 1.ToScalar();

    /// <summary>A synchronized BatchNorm over <paramref name="numFeatures"/> channels.</summary>
    public SyncBatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1)
        : base(numFeatures, eps, momentum, nameof(SyncBatchNorm2d)) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (!training || DistributedContext.Current.WorldSize == 1) return base.forward(input);
        ValidateInputDimensions(input);
        double factor = CountBatch();
        using var scope = NewDisposeScope();
        var shape = new long[] { 1, -1, 1, 1 };
        long channels = input.shape[1];
        using var localCount = (input.numel() / channels).ToScalar();
        var local = cat([input.sum([0, 2, 3]), full([1], localCount, dtype: input.dtype, device: input.device)]);
        var summed = DifferentiableAllReduce.Sum(local);
        var count = summed.narrow(0, channels, 1).detach();
        var mean = summed.narrow(0, 0, channels) / count;
        var centered = input - mean.view(shape);
        var variance = DifferentiableAllReduce.Sum((centered * centered).sum([0, 2, 3])) / count;
        using var epsilon = eps.ToScalar();
        var output = centered * variance.add(epsilon, One).rsqrt().view(shape);
        if (weight is not null) output = output * weight.view(shape);
        if (bias is not null) output = output.add(bias.view(shape), One);
        using (no_grad())
        {
            // Scalars made explicitly and disposed: no implicit temporaries on a per-iteration path (PLATFORM.md).
            double n = count.item<float>();
            using var keep = (1 - factor).ToScalar();
            using var take = factor.ToScalar();
            using var unbiased = (factor * n / Math.Max(n - 1, 1)).ToScalar();
            running_mean?.mul_(keep).add_(mean.detach(), take);
            running_var?.mul_(keep).add_(variance.detach(), unbiased);
        }
        return output.MoveToOuterDisposeScope();
    }
}
