using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>Which residual block a stage is made of.</summary>
public enum BlockType
{
    /// <summary><see cref="BasicBlock"/> (two 3×3 convs).</summary>
    Basic,

    /// <summary><see cref="Bottleneck"/> (1×1, 3×3, 1×1 convs).</summary>
    Bottleneck,
}

/// <summary>
/// MMDetection's <c>ResLayer</c>: one stage, a Sequential of blocks named <c>0</c>, <c>1</c>...; the first
/// block takes the stride and, when the stride or width changes, a <c>downsample</c> shortcut.
/// </summary>
public static class ResLayer
{
    /// <summary>Builds a stage; arguments are MMDetection's.</summary>
    /// <param name="block">Block type.</param>
    /// <param name="inplanes"><c>inplanes</c>: input channels.</param>
    /// <param name="planes"><c>planes</c>: each block outputs planes × expansion channels.</param>
    /// <param name="numBlocks"><c>num_blocks</c>.</param>
    /// <param name="stride"><c>stride</c> of the first block.</param>
    /// <param name="dilation"><c>dilation</c> of every block.</param>
    /// <param name="style"><c>style</c>.</param>
    /// <param name="avgDown"><c>avg_down</c>: downsample the shortcut by average pooling (ResNetV1d) instead of a strided conv.</param>
    /// <param name="normCfg"><c>norm_cfg</c>.</param>
    /// <param name="groups"><c>groups</c> (Bottleneck only).</param>
    /// <param name="baseWidth"><c>base_width</c> (Bottleneck only).</param>
    /// <param name="baseChannels"><c>base_channels</c> (Bottleneck only).</param>
    /// <param name="expansion">Bottleneck's expansion (4; RegNet uses 1). BasicBlock's is always 1.</param>
    public static Sequential Build(BlockType block, int inplanes, int planes, int numBlocks, int stride = 1, int dilation = 1,
        ResNetStyle style = ResNetStyle.Pytorch, bool avgDown = false, NormConfig? normCfg = null,
        int groups = 1, int baseWidth = 4, int baseChannels = 64, int expansion = 4)
    {
        normCfg ??= NormConfig.BN;
        int outChannels = planes * (block == BlockType.Basic ? BasicBlock.Expansion : expansion);
        var downsample = stride != 1 || inplanes != outChannels || avgDown
            ? Downsample(inplanes, outChannels, stride, avgDown, normCfg)
            : null;

        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < numBlocks; i++)
        {
            int inChannels = i == 0 ? inplanes : outChannels;
            ResidualBlock b = block == BlockType.Basic
                ? new BasicBlock(inChannels, planes, i == 0 ? stride : 1, dilation, i == 0 ? downsample : null, normCfg)
                : new Bottleneck(inChannels, planes, i == 0 ? stride : 1, dilation, i == 0 ? downsample : null, style, normCfg,
                    groups, baseWidth, baseChannels, expansion);
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), b));
        }
        return nn.Sequential(blocks);
    }

    // [AvgPool (avg_down and stride ≠ 1),] 1×1 conv, norm: keys downsample.0/1, or downsample.1/2 after the pool.
    static Sequential Downsample(int inplanes, int outChannels, int stride, bool avgDown, NormConfig normCfg)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        if (avgDown && stride != 1)
            layers.Add(nn.AvgPool2d(stride, stride, ceil_mode: true, count_include_pad: false));
        layers.Add(nn.Conv2d(inplanes, outChannels, 1, avgDown ? 1 : stride, bias: false));
        layers.Add(NormLayers.Build(normCfg, outChannels).Layer);
        return nn.Sequential(layers.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)));
    }
}
