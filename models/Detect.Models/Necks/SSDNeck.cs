using Detect.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Detect.Models.Necks;

/// <summary>
/// MMDetection's <c>SSDNeck</c>: the backbone's levels as they are (the first through <see cref="L2Norm"/>, <c>l2_norm</c>), then
/// one extra level per entry of <c>out_channels</c> beyond <c>in_channels</c>, each from the previous level by a 1×1 ConvModule to
/// half its channels and a k×k ConvModule (ReLU after both): <c>extra_layers.i.0.conv</c>, <c>extra_layers.i.1.conv</c>.
/// </summary>
/// <example>SSD300: <c>new SSDNeck([512, 1024], [512, 1024, 512, 256, 256, 256], levelStrides: [2, 2, 1, 1], levelPaddings: [1, 1, 0, 0])</c>
/// turns conv4_3 (38×38) and conv7 (19×19) into six levels: 38, 19, 10, 5, 3, 1.</example>
public sealed class SSDNeck : DetectModule<Tensor[], Tensor[]>
{
    readonly L2Norm? l2Norm;
    readonly ModuleList<Sequential> extraLayers = new();

    /// <summary>Builds the neck; arguments are MMDetection's in camelCase.</summary>
    /// <param name="inChannels"><c>in_channels</c> of the backbone's levels.</param>
    /// <param name="outChannels"><c>out_channels</c>: the input levels' channels, then one per extra level.</param>
    /// <param name="levelStrides"><c>level_strides</c> of the extra levels' k×k convs.</param>
    /// <param name="levelPaddings"><c>level_paddings</c> of the extra levels' k×k convs.</param>
    /// <param name="l2NormScale"><c>l2_norm_scale</c>: initial weight of the L2Norm on the first level; 0 for none.</param>
    /// <param name="lastKernelSize"><c>last_kernel_size</c>: kernel of the last extra level's second conv (the others: 3).</param>
    public SSDNeck(int[] inChannels, int[] outChannels, int[] levelStrides, int[] levelPaddings, double l2NormScale = 20.0, int lastKernelSize = 3)
        : base(nameof(SSDNeck))
    {
        if (outChannels.Length <= inChannels.Length || !outChannels.Take(inChannels.Length).SequenceEqual(inChannels))
            throw new ArgumentException($"out_channels [{string.Join(", ", outChannels)}] must start with in_channels [{string.Join(", ", inChannels)}] and add levels.", nameof(outChannels));
        int extra = outChannels.Length - inChannels.Length;
        if (levelStrides.Length != extra || levelPaddings.Length != extra)
            throw new ArgumentException($"level_strides and level_paddings need one entry per extra level ({extra}).", nameof(levelStrides));
        InChannels = inChannels;
        OutChannels = outChannels;
        if (l2NormScale > 0) l2Norm = Add("l2_norm", new L2Norm(inChannels[0], l2NormScale));
        for (int i = 0; i < extra; i++)
        {
            int inC = outChannels[inChannels.Length - 1 + i], outC = outChannels[inChannels.Length + i];
            int kernel = i == extra - 1 ? lastKernelSize : 3;
            extraLayers.Add(nn.Sequential(
                ("0", new ConvModule(inC, outC / 2, 1)),
                ("1", new ConvModule(outC / 2, outC, kernel, stride: levelStrides[i], padding: levelPaddings[i]))));
        }
        Add("extra_layers", extraLayers);
    }

    /// <summary><c>in_channels</c>.</summary>
    public IReadOnlyList<int> InChannels { get; }

    /// <summary><c>out_channels</c>.</summary>
    public IReadOnlyList<int> OutChannels { get; }

    /// <inheritdoc/>
    public override Tensor[] forward(Tensor[] inputs)
    {
        using var scope = NewDisposeScope();
        // Levels made here leave the scope; the inputs passed through stay the caller's.
        var outs = new List<Tensor>(inputs);
        if (l2Norm is not null) outs[0] = l2Norm.call(outs[0]).MoveToOuterDisposeScope();
        var feat = outs[^1];
        foreach (var layer in extraLayers)
        {
            feat = layer.call(feat);
            outs.Add(feat);
        }
        for (int i = inputs.Length; i < outs.Count; i++) outs[i] = outs[i].MoveToOuterDisposeScope();
        return [.. outs];
    }
}
