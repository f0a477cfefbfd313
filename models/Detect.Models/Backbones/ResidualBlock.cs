using Detect.Models.Layers;
using Detect.Platform;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Backbones;

/// <summary>
/// A residual block of MMDetection's ResNet family: convs <c>conv1</c>, <c>conv2</c>... each followed by a
/// norm named <c>bn1</c>/<c>gn1</c>..., the shared activation <c>relu</c> (one module called after each
/// inner norm and after the sum, as in MMDetection) and an optional <c>downsample</c> (1×1 conv + norm) on
/// the shortcut.
/// </summary>
/// <remarks>Every child is looked up in the registry on each forward, so <see cref="ConvBnFusion"/> can
/// replace norms and the shortcut.</remarks>
public abstract class ResidualBlock : DetectModule<Tensor, Tensor>, IReplaceableChildren
{
    readonly bool hasDownsample;
    readonly List<string> normNames = [];

    private protected ResidualBlock(string name, Sequential? downsample) : base(name)
    {
        if (downsample is not null) Add("downsample", downsample);
        hasDownsample = downsample is not null;
        Add("relu", nn.ReLU(inplace: true));
    }

    /// <summary>The shortcut projection, or null for the identity.</summary>
    public Sequential? Downsample => hasDownsample ? Child<Sequential>("downsample") : null;

    /// <summary>The norm whose weight zero_init_residual sets to 0 (norm2 of BasicBlock, norm3 of Bottleneck).</summary>
    public nn.Module LastNorm => Norm(normNames.Count);

    /// <inheritdoc/>
    public void ReplaceChild(string childName, nn.Module module) => ReplaceRegisteredChild(childName, module);

    /// <summary><c>norm{index}(conv{index}(x))</c>.</summary>
    protected Tensor ConvNorm(int index, Tensor x) => Norm(index).call(Child<Conv2d>($"conv{index}").call(x));

    /// <summary><c>relu(norm{index}(conv{index}(x)))</c>; the ReLU runs in place on the norm's output.</summary>
    protected Tensor ConvNormRelu(int index, Tensor x) => Relu(ConvNorm(index, x));

    /// <summary>Adds the shortcut to <paramref name="residual"/> (a tensor this block made) and applies ReLU.</summary>
    protected Tensor AddShortcut(Tensor residual, Tensor x) =>
        Relu(residual.add_(Downsample is { } downsample ? downsample.call(x) : x, Scalars.One));

    /// <summary>Registers <c>conv{index}</c> (no bias) and its norm <c>bn{index}</c>/<c>gn{index}</c>; call with index 1, 2, ...</summary>
    protected void AddConvNorm(int index, long inChannels, long outChannels, long kernel, long stride, long padding, long dilation,
        long groups, NormConfig normCfg)
    {
        Add($"conv{index}", nn.Conv2d(inChannels, outChannels, kernel, stride, padding, dilation, groups: groups, bias: false));
        var (normName, norm) = NormLayers.Build(normCfg, outChannels, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(normName, norm);
        normNames.Add(normName);
    }

    Tensor Relu(Tensor x) => Child<ReLU>("relu").call(x);

    nn.Module<Tensor, Tensor> Norm(int index) => Child<nn.Module<Tensor, Tensor>>(normNames[index - 1]);
}
