using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// A residual block of MMDetection's ResNet family: convs <c>conv1</c>, <c>conv2</c>... each followed by a
/// norm named <c>bn1</c>/<c>gn1</c>..., and an optional <c>downsample</c> (1×1 conv + norm) on the shortcut.
/// </summary>
public abstract class ResidualBlock : DetectModule<Tensor, Tensor>
{
    private protected ResidualBlock(string name, Sequential? downsample) : base(name)
    {
        if (downsample is not null) Downsample = Add("downsample", downsample);
    }

    /// <summary>The shortcut projection, or null for the identity.</summary>
    public Sequential? Downsample { get; }

    /// <summary>The norm whose weight zero_init_residual sets to 0 (norm2 of BasicBlock, norm3 of Bottleneck).</summary>
    public abstract nn.Module LastNorm { get; }

    /// <summary>Adds the shortcut to <paramref name="residual"/> (a tensor this block made) and applies ReLU.</summary>
    protected Tensor AddShortcut(Tensor residual, Tensor x) =>
        residual.add_(Downsample is null ? x : Downsample.call(x), Scalars.One).relu_();

    /// <summary>A conv followed by its norm, registered as <c>conv{index}</c> and <c>bn{index}</c>/<c>gn{index}</c>.</summary>
    protected (Conv2d Conv, nn.Module<Tensor, Tensor> Norm) ConvNorm(int index, long inChannels, long outChannels, long kernel,
        long stride, long padding, long dilation, long groups, NormConfig normCfg)
    {
        var conv = Add($"conv{index}", nn.Conv2d(inChannels, outChannels, kernel, stride, padding, dilation, groups: groups, bias: false));
        var (normName, norm) = NormLayers.Build(normCfg, outChannels, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (conv, Add(normName, norm));
    }
}
