using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>Bottleneck</c> (ResNet-50/101/152), with ResNeXt's grouped 3×3 conv and RegNet's
/// expansion 1: 1×1 conv → norm → ReLU → 3×3 conv (groups, dilation) → norm → ReLU → 1×1 conv → norm,
/// plus the shortcut, → ReLU. The stride sits on the 3×3 conv (pytorch style) or the first 1×1 (caffe).
/// </summary>
public sealed class Bottleneck : ResidualBlock
{

    /// <summary>Builds the block; arguments are MMDetection's (ResNeXt's Bottleneck adds groups/base_width/base_channels).</summary>
    /// <param name="inplanes"><c>inplanes</c>: input channels.</param>
    /// <param name="planes"><c>planes</c>: output channels are planes × <paramref name="expansion"/>.</param>
    /// <param name="stride"><c>stride</c>.</param>
    /// <param name="dilation"><c>dilation</c> of the 3×3 conv.</param>
    /// <param name="downsample"><c>downsample</c>: the shortcut projection, or null.</param>
    /// <param name="style"><c>style</c>: which conv is strided.</param>
    /// <param name="normCfg"><c>norm_cfg</c>.</param>
    /// <param name="groups"><c>groups</c> of the 3×3 conv (ResNeXt, RegNet).</param>
    /// <param name="baseWidth"><c>base_width</c> (ResNeXt).</param>
    /// <param name="baseChannels"><c>base_channels</c> (ResNeXt).</param>
    /// <param name="expansion"><c>expansion</c>: 4 for ResNet/ResNeXt, 1 for RegNet.</param>
    public Bottleneck(int inplanes, int planes, int stride = 1, int dilation = 1, Sequential? downsample = null,
        ResNetStyle style = ResNetStyle.Pytorch, NormConfig? normCfg = null, int groups = 1, int baseWidth = 4, int baseChannels = 64,
        int expansion = 4)
        : base(nameof(Bottleneck), downsample)
    {
        normCfg ??= NormConfig.BN;
        int width = InnerWidth(planes, groups, baseWidth, baseChannels);
        int conv1Stride = style == ResNetStyle.Caffe ? stride : 1;
        int conv2Stride = style == ResNetStyle.Caffe ? 1 : stride;
        AddConvNorm(1, inplanes, width, 1, conv1Stride, 0, 1, 1, normCfg);
        AddConvNorm(2, width, width, 3, conv2Stride, dilation, dilation, groups, normCfg);
        AddConvNorm(3, width, (long)planes * expansion, 1, 1, 0, 1, 1, normCfg);
    }

    /// <summary>
    /// The width of the 3×3 conv: <c>planes</c> without groups, else
    /// <c>floor(planes * (base_width / base_channels)) * groups</c>, evaluated in double precision exactly as
    /// MMDetection's ResNeXt Bottleneck does (the order of operations matters for RegNet's widths).
    /// </summary>
    public static int InnerWidth(int planes, int groups, int baseWidth, int baseChannels) =>
        groups == 1 ? planes : (int)Math.Floor(planes * ((double)baseWidth / baseChannels)) * groups;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = ConvNormRelu(1, x);
        y = ConvNormRelu(2, y);
        y = ConvNorm(3, y);
        return AddShortcut(y, x).MoveToOuterDisposeScope();
    }
}
