using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Layers;

/// <summary>
/// MMCV's <c>ConvModule</c>: a Conv2d, an optional norm layer and an optional activation, in that
/// order. State-dict keys: <c>conv.weight</c> (and <c>conv.bias</c>), then <c>bn.*</c> or <c>gn.*</c>; the
/// activation is the parameterless child <c>activate</c>, as in MMCV.
/// </summary>
/// <remarks>The forward reads its children from the registry, so <see cref="ConvBnFusion"/> can replace the norm.</remarks>
/// <example><c>new ConvModule(256, 256, 3, padding: 1, normCfg: NormConfig.GN(32))</c> is
/// <c>ConvModule(256, 256, 3, padding=1, norm_cfg=dict(type='GN', num_groups=32))</c>: conv, GN, ReLU.</example>
public sealed class ConvModule : DetectModule<Tensor, Tensor>, IReplaceableChildren
{
    /// <summary>Builds the module; arguments are MMCV's.</summary>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="outChannels"><c>out_channels</c>.</param>
    /// <param name="kernelSize"><c>kernel_size</c>.</param>
    /// <param name="stride"><c>stride</c>.</param>
    /// <param name="padding"><c>padding</c> (zeros).</param>
    /// <param name="dilation"><c>dilation</c>.</param>
    /// <param name="groups"><c>groups</c>.</param>
    /// <param name="bias"><c>bias</c>; null is MMCV's 'auto': a bias exactly when there is no norm layer.</param>
    /// <param name="normCfg"><c>norm_cfg</c>; null for none.</param>
    /// <param name="actCfg"><c>act_cfg</c>; null is MMCV's default <c>dict(type='ReLU')</c>, <see cref="ActConfig.None"/> is <c>act_cfg=None</c>.</param>
    /// <param name="inplace"><c>inplace</c>: the activation may overwrite the norm's output.</param>
    public ConvModule(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long dilation = 1,
        long groups = 1, bool? bias = null, NormConfig? normCfg = null, ActConfig? actCfg = null, bool inplace = true)
        : base(nameof(ConvModule))
    {
        Add("conv", nn.Conv2d(inChannels, outChannels, kernelSize, stride, padding, dilation, groups: groups, bias: bias ?? normCfg is null));
        if (normCfg is not null)
        {
            (NormName, var norm) = NormLayers.Build(normCfg, outChannels);
            Add(NormName, norm);
        }
        Act = actCfg ?? ActConfig.ReLU;
        Inplace = inplace;
        if (Act.Build(inplace) is { } activate) Add("activate", activate);
        InitWeights();
    }

    /// <summary>The convolution (<c>conv</c>).</summary>
    public Conv2d Conv => Child<Conv2d>("conv");

    /// <summary>The norm layer (an identity after <see cref="ConvBnFusion"/>), or null.</summary>
    public nn.Module<Tensor, Tensor>? Norm => NormName is null ? null : Child<nn.Module<Tensor, Tensor>>(NormName);

    /// <summary>The norm layer's name (<c>bn</c>, <c>gn</c>), or null.</summary>
    public string? NormName { get; }

    /// <summary>The activation's config (<see cref="ActType.None"/> for none).</summary>
    public ActConfig Act { get; }

    /// <summary>The activation module (<c>activate</c>), or null.</summary>
    public nn.Module<Tensor, Tensor>? Activate => Act.Type == ActType.None ? null : Child<nn.Module<Tensor, Tensor>>("activate");

    /// <summary>Whether the activation runs in place.</summary>
    public bool Inplace { get; }

    /// <summary>
    /// MMCV's <c>ConvModule.init_weights</c>: Kaiming normal (fan_out; leaky_relu with its slope for a
    /// LeakyReLU activation, else relu), zero bias; norm weight 1 and bias 0.
    /// </summary>
    public void InitWeights()
    {
        if (Act.Type == ActType.LeakyReLU)
            WeightInit.KaimingInit(Conv, Act.NegativeSlope, nonlinearity: nn.init.NonlinearityType.LeakyReLU);
        else
            WeightInit.KaimingInit(Conv);
        if (Norm is not null) WeightInit.ConstantInit(Norm, 1);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = Conv.call(x);
        if (Norm is { } norm) y = norm.call(y);
        // In place is safe only on a tensor this module made: the conv's or the norm's output.
        if (Activate is { } activate) y = activate.call(y);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void ReplaceChild(string childName, nn.Module module) => ReplaceRegisteredChild(childName, module);
}
