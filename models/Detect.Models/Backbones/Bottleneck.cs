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
    readonly Conv2d conv1, conv2, conv3;
    readonly nn.Module<Tensor, Tensor> norm1, norm2, norm3;

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
        (conv1, norm1) = ConvNorm(1, inplanes, width, 1, conv1Stride, 0, 1, 1, normCfg);
        (conv2, norm2) = ConvNorm(2, width, width, 3, conv2Stride, dilation, dilation, groups, normCfg);
        (conv3, norm3) = ConvNorm(3, width, (long)planes * expansion, 1, 1, 0, 1, 1, normCfg);
    }

    /// <summary>
    /// The width of the 3×3 conv: <c>planes</c> without groups, else
    /// <c>floor(planes * (base_width / base_channels)) * groups</c>, evaluated in double precision exactly as
    /// MMDetection's ResNeXt Bottleneck does (the order of operations matters for RegNet's widths).
    /// </summary>
    public static int InnerWidth(int planes, int groups, int baseWidth, int baseChannels) =>
        groups == 1 ? planes : (int)Math.Floor(planes * ((double)baseWidth / baseChannels)) * groups;

    /// <inheritdoc/>
    public override nn.Module LastNorm => norm3;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = norm1.call(conv1.call(x)).relu_();
        y = norm2.call(conv2.call(y)).relu_();
        y = norm3.call(conv3.call(y));
        return AddShortcut(y, x).MoveToOuterDisposeScope();
    }
}
