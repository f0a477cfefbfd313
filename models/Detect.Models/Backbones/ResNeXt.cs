using Detect.Checkpoints;
using Detect.Models.Layers;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's <c>ResNeXt</c>: a ResNet (depth 50/101/152) whose bottlenecks have a grouped 3×3 conv of
/// width <c>floor(planes × base_width / base_channels) × groups</c>. Same keys and outputs as ResNet.
/// </summary>
/// <example><c>new ResNeXt(depth: 101, groups: 32, baseWidth: 4)</c> is MMDetection's X-101-32x4d.</example>
public sealed class ResNeXt : ResNet
{
    /// <summary>Builds a ResNeXt; arguments are MMDetection's (see <see cref="ResNet"/> for the shared ones).</summary>
    /// <param name="depth"><c>depth</c>: 50, 101 or 152.</param>
    /// <param name="groups"><c>groups</c> of the 3×3 convs.</param>
    /// <param name="baseWidth"><c>base_width</c>: channels per group in the first stage, relative to base_channels.</param>
    /// <param name="inChannels"><c>in_channels</c>.</param>
    /// <param name="stemChannels"><c>stem_channels</c>; null means base_channels.</param>
    /// <param name="baseChannels"><c>base_channels</c>.</param>
    /// <param name="numStages"><c>num_stages</c>.</param>
    /// <param name="strides"><c>strides</c>.</param>
    /// <param name="dilations"><c>dilations</c>.</param>
    /// <param name="outIndices"><c>out_indices</c>.</param>
    /// <param name="style"><c>style</c>.</param>
    /// <param name="deepStem"><c>deep_stem</c>.</param>
    /// <param name="avgDown"><c>avg_down</c>.</param>
    /// <param name="frozenStages"><c>frozen_stages</c>.</param>
    /// <param name="normCfg"><c>norm_cfg</c>.</param>
    /// <param name="normEval"><c>norm_eval</c>.</param>
    /// <param name="zeroInitResidual"><c>zero_init_residual</c>.</param>
    /// <param name="initCfg">Pretrained <c>init_cfg</c>.</param>
    public ResNeXt(int depth, int groups = 1, int baseWidth = 4, int inChannels = 3, int? stemChannels = null, int baseChannels = 64,
        int numStages = 4, int[]? strides = null, int[]? dilations = null, int[]? outIndices = null, ResNetStyle style = ResNetStyle.Pytorch,
        bool deepStem = false, bool avgDown = false, int frozenStages = -1, NormConfig? normCfg = null, bool normEval = true,
        bool zeroInitResidual = true, PretrainedInit? initCfg = null)
        : base(nameof(ResNeXt), PlanFor(depth, baseChannels, numStages, groups, baseWidth), deepStem ? StemKind.Deep : StemKind.Conv7x7,
            inChannels, stemChannels ?? baseChannels, strides ?? DefaultStrides(numStages), dilations, outIndices, style, avgDown, frozenStages,
            normCfg, normEval, zeroInitResidual, initCfg)
    {
        Groups = groups;
        BaseWidth = baseWidth;
    }

    /// <summary><c>groups</c>.</summary>
    public int Groups { get; }

    /// <summary><c>base_width</c>.</summary>
    public int BaseWidth { get; }

    static StagePlan PlanFor(int depth, int baseChannels, int numStages, int groups, int baseWidth) =>
        depth is 50 or 101 or 152
            ? Plan(depth, baseChannels, numStages, groups, baseWidth)
            : throw new ArgumentException($"invalid depth {depth} for ResNeXt; expected 50, 101 or 152", nameof(depth));
}
