using Detect.Config;
using Detect.Config.Checks;
using Detect.Checkpoints;
using Detect.Models.Layers;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>RegNet</c> backbone (RegNetX): a 3×3 stride-2 stem (<c>conv1</c>, <c>bn1</c>) and stages
/// <c>layer1</c>…<c>layer4</c> of bottlenecks with expansion 1 and group convs, widths from the arch.
/// </summary>
/// <example><c>new RegNet(arch: RegNetXArch.X3_2GF, outIndices: [0, 1, 2, 3])</c> outputs
/// <c>RegNet.OutputChannels("regnetx_3.2gf")</c> = [96, 192, 432, 1008] channels at strides 4, 8, 16, 32.</example>
public sealed class RegNet : ResNet
{
    /// <summary>MMDetection's <c>arch_settings</c>: the RegNetX designs from 400MF to 12GF, by name (from <see cref="ShapeMath.RegNetArchs"/>).</summary>
    public static IReadOnlyDictionary<string, RegNetArch> ArchSettings { get; } = ShapeMath.RegNetArchs.ToDictionary(
        a => a.Key, a => new RegNetArch((int)a.Value.W0, a.Value.Wa, a.Value.Wm, a.Value.GroupW, a.Value.Depth, a.Value.BotMul));

    /// <summary>
    /// Builds a RegNet from a named design, or (<see cref="RegNetXArch.Custom"/>) from the design's parameters: MMDetection's
    /// <c>arch='regnetx_3.2gf'</c> or <c>arch=dict(w0=..., wa=..., wm=..., group_w=..., depth=..., bot_mul=...)</c>.
    /// </summary>
    /// <param name="arch"><c>arch</c> by name, or Custom.</param>
    /// <param name="w0"><c>arch.w0</c> (Custom only).</param>
    /// <param name="wa"><c>arch.wa</c> (Custom only).</param>
    /// <param name="wm"><c>arch.wm</c> (Custom only).</param>
    /// <param name="groupW"><c>arch.group_w</c> (Custom only).</param>
    /// <param name="depth"><c>arch.depth</c> (Custom only).</param>
    /// <param name="botMul"><c>arch.bot_mul</c> (Custom only).</param>
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
    public RegNet(RegNetXArch arch, int w0 = 0, double wa = 0, double wm = 0, int groupW = 0, int depth = 0, double botMul = 1.0,
        int inChannels = 3, int stemChannels = 32, int[]? strides = null, int[]? dilations = null,
        int[]? outIndices = null, ResNetStyle style = ResNetStyle.Pytorch, bool avgDown = false, int frozenStages = -1,
        NormConfig? normCfg = null, bool normEval = true, bool zeroInitResidual = true, PretrainedInit? initCfg = null)
        : this(arch == RegNetXArch.Custom ? new RegNetArch(w0, wa, wm, groupW, depth, botMul) : ArchByName(ConfigEnums.Name(arch)),
            inChannels, stemChannels, strides, dilations, outIndices, style, avgDown, frozenStages, normCfg, normEval, zeroInitResidual, initCfg)
    {
    }

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
