using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>BasicBlock</c> (ResNet-18/34, expansion 1): 3×3 conv (stride, dilation) → norm → ReLU →
/// 3×3 conv → norm, plus the shortcut, → ReLU.
/// </summary>
public sealed class BasicBlock : ResidualBlock
{

    /// <summary>Builds the block; arguments are MMDetection's.</summary>
    /// <param name="inplanes"><c>inplanes</c>: input channels.</param>
    /// <param name="planes"><c>planes</c>: output channels.</param>
    /// <param name="stride"><c>stride</c> of the first conv.</param>
    /// <param name="dilation"><c>dilation</c> of the first conv.</param>
    /// <param name="downsample"><c>downsample</c>: the shortcut projection, or null.</param>
    /// <param name="normCfg"><c>norm_cfg</c>.</param>
    public BasicBlock(int inplanes, int planes, int stride = 1, int dilation = 1, Sequential? downsample = null, NormConfig? normCfg = null)
        : base(nameof(BasicBlock), downsample)
    {
        normCfg ??= NormConfig.BN;
        AddConvNorm(1, inplanes, planes, 3, stride, dilation, dilation, 1, normCfg);
        AddConvNorm(2, planes, planes, 3, 1, 1, 1, 1, normCfg);
    }

    /// <summary>MMDetection's <c>expansion</c>: output channels = planes × 1.</summary>
    public const int Expansion = 1;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = ConvNormRelu(1, x);
        y = ConvNorm(2, y);
        return AddShortcut(y, x).MoveToOuterDisposeScope();
    }
}
