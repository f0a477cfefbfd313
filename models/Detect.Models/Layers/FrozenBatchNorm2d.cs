using Detect.Checkpoints;
using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// BatchNorm2d with fixed statistics and affine parameters (torchvision's <c>FrozenBatchNorm2d</c>):
/// <c>y = (x − running_mean) / √(running_var + eps) · weight + bias</c>, in training as in evaluation.
/// </summary>
/// <remarks>Weight, bias and statistics are buffers, so optimizers never see them. Like torchvision's,
/// it drops the <c>num_batches_tracked</c> entries that checkpoints of ordinary BatchNorm carry.</remarks>
public sealed class FrozenBatchNorm2d : DetectModule<Tensor, Tensor>, IIgnoresCheckpointKeys
{
    readonly Tensor weight, bias, runningMean, runningVar;

    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels: weight 1, bias 0, mean 0, var 1.</summary>
    public FrozenBatchNorm2d(long numFeatures, double eps = 1e-5) : base(nameof(FrozenBatchNorm2d))
    {
        Eps = eps;
        register_buffer("weight", weight = ones(numFeatures));
        register_buffer("bias", bias = zeros(numFeatures));
        register_buffer("running_mean", runningMean = zeros(numFeatures));
        register_buffer("running_var", runningVar = ones(numFeatures));
    }

    /// <summary>The epsilon added to the variance.</summary>
    public double Eps { get; }

    /// <summary>The fixed per-channel scale (buffer <c>weight</c>).</summary>
    public Tensor Weight => weight;

    /// <summary>The fixed per-channel shift (buffer <c>bias</c>).</summary>
    public Tensor Bias => bias;

    /// <summary>The fixed mean (buffer <c>running_mean</c>).</summary>
    public Tensor RunningMean => runningMean;

    /// <summary>The fixed variance (buffer <c>running_var</c>).</summary>
    public Tensor RunningVar => runningVar;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var eps = Eps.ToScalar();
        var scale = weight * runningVar.add(eps, Scalars.One).rsqrt();
        var shift = bias - runningMean * scale;
        return (x * scale.reshape(1, -1, 1, 1)).add(shift.reshape(1, -1, 1, 1), Scalars.One).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public bool IgnoresCheckpointKey(string localKey) => localKey == "num_batches_tracked";
}
