using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>MMCV's <c>Scale</c>: multiplies its input by a learnable scalar (<c>scale</c>, a 0-dimensional parameter).</summary>
public sealed class Scale : DetectModule<Tensor, Tensor>
{
    readonly Parameter scale;

    /// <summary>Creates the layer with the factor <paramref name="initialValue"/>.</summary>
    public Scale(double initialValue = 1.0) : base(nameof(Scale))
    {
        scale = new Parameter(tensor((float)initialValue));
        register_parameter("scale", scale);
    }

    /// <summary>The current factor.</summary>
    public Parameter Factor => scale;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => x * scale;
}
