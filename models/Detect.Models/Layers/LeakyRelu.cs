using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// <c>nn.LeakyReLU</c> whose slope is one Scalar made when the module is built. TorchSharp's own module turns the
/// slope into a new native Scalar on every forward, which a training loop would leak one per call (see
/// <c>Detect.Platform.Scalars</c>); MMCV's FLOP counter and state dicts see it as a LeakyReLU (it has no parameters).
/// </summary>
public sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    readonly Scalar slope;
    readonly bool inplace;

    /// <summary>A LeakyReLU with <paramref name="negativeSlope"/>, in place on its input when <paramref name="inplace"/>.</summary>
    public LeakyRelu(double negativeSlope = 0.01, bool inplace = false) : base("LeakyReLU")
    {
        NegativeSlope = negativeSlope;
        slope = negativeSlope.ToScalar();
        this.inplace = inplace;
    }

    /// <summary>PyTorch's <c>negative_slope</c>.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => inplace ? input.leaky_relu_(slope).alias() : input.leaky_relu(slope);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) slope.Dispose();
        base.Dispose(disposing);
    }
}
