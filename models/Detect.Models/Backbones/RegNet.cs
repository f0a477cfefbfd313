using Detect.Checkpoints;
using Detect.Models.Layers;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>RegNet</c> backbone (RegNetX): a 3×3 stride-2 stem (<c>conv1</c>, <c>bn1</c>) and stages
/// <c>layer1</c>…<c>layer4</c> of bottlenecks with expansion 1 and group convs, widths from the arch.
/// </summary>
/// <example><c>new RegNet(arch: "regnetx_3.2gf", outIndices: [0, 1, 2, 3])</c> outputs
/// <c>RegNet.OutputChannels("regnetx_3.2gf")</c> = [96, 192, 432, 1008] channels at strides 4, 8, 16, 32.</example>
public sealed class RegNet : ResNet
{
    /// <summary>MMDetection's <c>arch_settings</c>: the RegNetX designs from 400MF to 12GF, by name.</summary>
    public static IReadOnlyDictionary<string, RegNetArch> ArchSettings { get; } = new Dictionary<string, RegNetArch>
    {
        ["regnetx_400mf"] = new(24, 24.48, 2.54, 16, 22),
        ["regnetx_800mf"] = new(56, 35.73, 2.28, 16, 16),
        ["regnetx_1.6gf"] = new(80, 34.01, 2.25, 24, 18),
        ["regnetx_3.2gf"] = new(88, 26.31, 2.25, 48, 25),
        ["regnetx_4.0gf"] = new(96, 38.65, 2.43, 40, 23),
        ["regnetx_6.4gf"] = new(184, 60.83, 2.07, 56, 17),
        ["regnetx_8.0gf"] = new(80, 49.56, 2.88, 120, 23),
        ["regnetx_12gf"] = new(168, 73.36, 2.37, 112, 19),
    };

    /// <summary>Builds a RegNet from an arch name of <see cref="ArchSettings"/>, e.g. <c>regnetx_3.2gf</c>.</summary>
    /// <param name="arch"><c>arch</c> by name.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="stemChannels"><c>stem_channels</c> (32).</param>
    /// <param name="strides"><c>strides</c>; default 2 for every stage.</param>
    /// <param name="dilations"><c>dilations</c>.</param>
    /// <param name="outIndices"><c>out_indices</c>.</param>
    /// <param name="style"><c>style</c>.</param>
    /// <param name="avgDown"><c>avg_down</c>.</param>
    /// <param name="frozenStages"><c>frozen_stages</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c>.</param>
    /// <param name="normEval"><c>norm_eval</c>.</param>
    /// <param name="zeroInitResidual"><c>zero_init_residual</c>.</param>
    /// <param name="initCfg">Pretrained <c>init_cfg</c>.</param>
    public RegNet(string arch, int inChannels = 3, int stemChannels = 32, int[]? strides = null, int[]? dilations = null,
        int[]? outIndices = null, ResNetStyle style = ResNetStyle.Pytorch, bool avgDown = false, int frozenStages = -1,
        NormConfig? normCfg = null, bool normEval = true, bool zeroInitResidual = true, PretrainedInit? initCfg = null)
        : this(ArchByName(arch), inChannels, stemChannels, strides, dilations, outIndices, style, avgDown, frozenStages,
            normCfg, normEval, zeroInitResidual, initCfg)
    {
    }

    /// <summary>Builds a RegNet from explicit parameters (MMDetection's <c>arch=dict(w0=..., wa=..., ...)</c>).</summary>
    /// <param name="arch"><c>arch</c> as parameters.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="stemChannels"><c>stem_channels</c> (32).</param>
    /// <param name="strides"><c>strides</c>; default 2 for every stage.</param>
    /// <param name="dilations"><c>dilations</c>.</param>
    /// <param name="outIndices"><c>out_indices</c>.</param>
    /// <param name="style"><c>style</c>.</param>
    /// <param name="avgDown"><c>avg_down</c>.</param>
    /// <param name="frozenStages"><c>frozen_stages</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c>.</param>
    /// <param name="normEval"><c>norm_eval</c>.</param>
    /// <param name="zeroInitResidual"><c>zero_init_residual</c>.</param>
    /// <param name="initCfg">Pretrained <c>init_cfg</c>.</param>
    public RegNet(RegNetArch arch, int inChannels = 3, int stemChannels = 32, int[]? strides = null, int[]? dilations = null,
        int[]? outIndices = null, ResNetStyle style = ResNetStyle.Pytorch, bool avgDown = false, int frozenStages = -1,
        NormConfig? normCfg = null, bool normEval = true, bool zeroInitResidual = true, PretrainedInit? initCfg = null)
        : base(nameof(RegNet), PlanFor(arch), StemKind.Conv3x3, inChannels, stemChannels,
            strides ?? [.. Enumerable.Repeat(2, arch.Expand().NumStages)], dilations, outIndices, style, avgDown, frozenStages,
            normCfg, normEval, zeroInitResidual, initCfg)
    {
        Arch = arch;
        Stages = arch.Expand();
    }

    /// <summary>The design.</summary>
    public RegNetArch Arch { get; }

    /// <summary>The stages it expands to.</summary>
    public RegNetStages Stages { get; }

    /// <summary>Output channels of the stages in <paramref name="outIndices"/>: the arch's stage widths.</summary>
    public static int[] OutputChannels(RegNetArch arch, IReadOnlyList<int>? outIndices = null)
    {
        var widths = arch.Expand().Widths;
        return Pick(widths, outIndices ?? [.. Enumerable.Range(0, widths.Length)]);
    }

    /// <summary>Output channels of the stages in <paramref name="outIndices"/> for an arch name.</summary>
    public static int[] OutputChannels(string arch, IReadOnlyList<int>? outIndices = null) => OutputChannels(ArchByName(arch), outIndices);

    /// <summary>Output strides of the stages in <paramref name="outIndices"/>: 2 (the stem) times the stage strides so far.</summary>
    public static new int[] OutputStrides(IReadOnlyList<int>? strides = null, IReadOnlyList<int>? outIndices = null)
    {
        strides ??= [2, 2, 2, 2];
        return Pick(CumulativeStrides(2, strides), outIndices ?? [.. Enumerable.Range(0, strides.Count)]);
    }

    static RegNetArch ArchByName(string arch) => ArchSettings.TryGetValue(arch, out var a)
        ? a
        : throw new ArgumentException($"\"arch\": \"{arch}\" is not one of the arch_settings ({string.Join(", ", ArchSettings.Keys)})", nameof(arch));

    // Each stage: bottlenecks with expansion 1, planes = width, groups = width / group_w, and
    // base_width = group_w, base_channels = width, so that the ResNeXt width rule gives group_w × groups.
    static StagePlan PlanFor(RegNetArch arch)
    {
        var stages = arch.Expand();
        if (stages.NumStages is < 1 or > 4)
            throw new ArgumentException($"RegNet arch {arch} expands to {stages.NumStages} stages; 1 to 4 are supported", nameof(arch));
        return new StagePlan(BlockType.Bottleneck, 1, stages.Depths, stages.Widths, stages.Groups, stages.GroupWidths, stages.Widths);
    }
}
