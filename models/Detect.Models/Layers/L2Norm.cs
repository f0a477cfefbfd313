using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// SSD's <c>L2Norm</c> (MMDetection's <c>mmdet.models.necks.ssd_neck.L2Norm</c>, torchvision's <c>scale_weight</c> on conv4_3):
/// each location's channel vector divided by its L2 norm, then multiplied by a learnable per-channel <c>weight</c>
/// initialised to <c>scale</c> (20).
/// </summary>
/// <remarks>
/// The arithmetic is torchvision's, <c>weight · (x / max(‖x‖, eps))</c> (<c>F.normalize</c>), so converted torchvision
/// weights give its numbers; MMDetection's <c>weight · x / (‖x‖ + 1e-10)</c> is the same function up to float rounding.
/// </remarks>
public sealed class L2Norm : DetectModule<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double eps;

    /// <summary>Creates the layer.</summary>
    /// <param name="nDims">Channels (<c>n_dims</c>).</param>
    /// <param name="scale">Initial value of every channel's weight.</param>
    /// <param name="eps">Lower bound of the norm (torchvision's <c>F.normalize</c>: 1e-12).</param>
    public L2Norm(int nDims, double scale = 20.0, double eps = 1e-12) : base(nameof(L2Norm))
    {
        using var initial = ((float)scale).ToScalar();
        weight = new Parameter(full(nDims, initial));
        register_parameter("weight", weight);
        this.eps = eps;
        Scale = scale;
    }

    /// <summary>Lower bound of the norm each channel vector is divided by.</summary>
    public double Eps => eps;

    /// <summary>The initial weight (<c>scale</c>).</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var normalized = nn.functional.normalize(x, p: 2, dim: 1, eps: eps);
        return weight.view(1, -1, 1, 1).mul(normalized).MoveToOuterDisposeScope();
    }
}
