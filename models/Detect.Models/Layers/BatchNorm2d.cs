using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Detect.Models.Layers;

/// <summary>
/// PyTorch's <c>BatchNorm2d</c> (same parameters, buffers and state-dict keys as TorchSharp's), whose
/// training step counts batches with a <see cref="Scalar"/> it keeps alive.
/// </summary>
/// <remarks>
/// TorchSharp's BatchNorm advances <c>num_batches_tracked</c> with <c>add_(1)</c>: two temporary
/// Scalars whose native handles are passed on while the managed objects are already unreachable. A
/// garbage collection during that call (the data loader's threads allocate all the time) lets the
/// finalizer free a Scalar that libtorch is still reading, and training dies after a few hundred
/// iterations with "Unknown scalar type" (dotnet/TorchSharp#1434). A static Scalar is never
/// finalized. The normalization itself is <c>F.batch_norm</c>, which takes plain doubles.
/// </remarks>
public class BatchNorm2d : TorchSharp.Modules.BatchNorm
{
    static readonly Scalar One = 1.ToScalar();

    /// <summary>A BatchNorm over <paramref name="numFeatures"/> channels with affine parameters and running statistics.</summary>
    public BatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1)
        : this(numFeatures, eps, momentum, nameof(BatchNorm2d)) { }

    /// <summary>For derived layers: the same, under another module name.</summary>
    protected BatchNorm2d(long numFeatures, double eps, double momentum, string name)
        : base(numFeatures, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, name: name) { }

    /// <inheritdoc />
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"BatchNorm2d expects an N×C×H×W input, got {input.ndim} dimensions.");
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        return F.batch_norm(input, running_mean, running_var, weight, bias, training, CountBatch(), eps);
    }

    /// <summary>Counts a training batch in <c>num_batches_tracked</c>; returns the running statistics' update factor (momentum None: a cumulative average, as PyTorch).</summary>
    protected double CountBatch()
    {
        if (training) num_batches_tracked?.add_(One, One);
        return momentum ?? (training && num_batches_tracked is { } n ? 1.0 / n.item<long>() : 0.0);
    }
}
