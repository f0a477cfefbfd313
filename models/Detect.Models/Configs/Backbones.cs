using Detect.Checkpoints;
using Detect.Models.Backbones;

namespace Detect.Config;

/// <summary>
/// ResNet backbone (<c>type='ResNet'</c>). Its outputs follow from depth, base_channels and
/// out_indices: stage i has base × 2^i channels (× 4 for depth 50+) at stride 4 × 2^i.
/// </summary>
[Register("ResNet", Builds = typeof(ResNet))]
[ResidualStagesRule]
public class ResNetAttribute : BackboneAttribute
{
    /// <summary><c>depth</c>: 18, 34, 50, 101 or 152 (<see cref="Checks.ShapeMath.ResNetArchs"/>).</summary>
    public int Depth { get; set; } = 50;

    /// <summary><c>in_channels</c> of the input image.</summary>
    [InRange(1, int.MaxValue)]
    public int InChannels { get; set; }

    /// <summary><c>base_channels</c>: width of the first stage (before expansion).</summary>
    [InRange(1, int.MaxValue)]
    public int BaseChannels { get; set; }

    /// <summary><c>num_stages</c>.</summary>
    [InRange(1, 4)]
    public int NumStages { get; set; }

    /// <summary><c>strides</c> of the first block of each stage.</summary>
    [InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [1, 2, 2, 2];

    /// <summary><c>dilations</c> of each stage.</summary>
    [InRange(1, int.MaxValue)]
    public int[] Dilations { get; set; } = [1, 1, 1, 1];

    /// <summary><c>out_indices</c>: the stages whose outputs the backbone returns.</summary>
    [NotEmpty]
    public int[] OutIndices { get; set; } = [0, 1, 2, 3];

    /// <summary><c>style</c>.</summary>
    public ResNetStyle Style { get; set; }

    /// <summary><c>deep_stem</c>: three 3×3 convolutions instead of one 7×7.</summary>
    public bool DeepStem { get; set; }

    /// <summary><c>avg_down</c>: average-pool before the downsampling shortcut convolution.</summary>
    public bool AvgDown { get; set; }

    /// <summary><c>frozen_stages</c>: stages (and the stem) whose parameters are frozen; -1 freezes none.</summary>
    [InRange(-1, 4)]
    public int FrozenStages { get; set; }

    /// <summary><c>norm_eval</c>: keep norm layers in eval mode (frozen statistics).</summary>
    public bool NormEval { get; set; }

    /// <summary><c>zero_init_residual</c>.</summary>
    public bool ZeroInitResidual { get; set; }

    /// <summary><c>norm_cfg</c>.</summary>
    public NormalizationAttribute? NormCfg { get; }

    /// <summary><c>init_cfg</c>, e.g. pretrained weights.</summary>
    public InitAttribute? InitCfg { get; }
}

/// <summary>ResNeXt backbone (<c>type='ResNeXt'</c>): ResNet with grouped bottlenecks.</summary>
[Register("ResNeXt", Builds = typeof(ResNeXt))]
public sealed class ResNeXtAttribute : ResNetAttribute
{
    /// <summary><c>groups</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int Groups { get; set; }

    /// <summary><c>base_width</c> per group.</summary>
    [InRange(1, int.MaxValue)]
    public int BaseWidth { get; set; }
}

/// <summary>
/// RegNet backbone (<c>type='RegNet'</c>). Give a named arch (<c>Arch = "regnetx_3.2gf"</c>) or the
/// arch parameters; the stage widths, hence FPN's in_channels, are computed from them at compile time.
/// </summary>
[Register("RegNet", Builds = typeof(RegNet))]
[RegNetStagesRule]
public sealed class RegNetAttribute : BackboneAttribute
{
    /// <summary><c>arch</c> by name (MMDetection's <c>arch_settings</c>), or Custom: the parameters below.</summary>
    public RegNetXArch Arch { get; set; }

    /// <summary><c>arch.w0</c>: initial width.</summary>
    [InRange(0, int.MaxValue)]
    public int W0 { get; set; }

    /// <summary><c>arch.wa</c>: width slope.</summary>
    [InRange(0, double.MaxValue)]
    public double Wa { get; set; }

    /// <summary><c>arch.wm</c>: width multiplier (quantization).</summary>
    [InRange(0, double.MaxValue)]
    public double Wm { get; set; }

    /// <summary><c>arch.group_w</c>: group width.</summary>
    [InRange(0, int.MaxValue)]
    public int GroupW { get; set; }

    /// <summary><c>arch.depth</c>: number of blocks.</summary>
    [InRange(0, int.MaxValue)]
    public int Depth { get; set; }

    /// <summary><c>arch.bot_mul</c>: bottleneck ratio.</summary>
    [InRange(0, double.MaxValue)]
    public double BotMul { get; set; }

    /// <summary><c>out_indices</c>.</summary>
    [NotEmpty]
    public int[] OutIndices { get; set; } = [0, 1, 2, 3];

    /// <summary><c>strides</c> of each stage.</summary>
    [InRange(1, int.MaxValue)]
    public int[] Strides { get; set; } = [2, 2, 2, 2];

    /// <summary><c>stem_channels</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int StemChannels { get; set; }

    /// <summary><c>style</c>.</summary>
    public ResNetStyle Style { get; set; }

    /// <summary><c>frozen_stages</c>.</summary>
    [InRange(-1, 4)]
    public int FrozenStages { get; set; }

    /// <summary><c>norm_eval</c>.</summary>
    public bool NormEval { get; set; }

    /// <summary><c>zero_init_residual</c>.</summary>
    public bool ZeroInitResidual { get; set; }

    /// <summary><c>norm_cfg</c>.</summary>
    public NormalizationAttribute? NormCfg { get; }

    /// <summary><c>init_cfg</c>, e.g. pretrained weights.</summary>
    public InitAttribute? InitCfg { get; }
}

/// <summary>BatchNorm (<c>norm_cfg=dict(type='BN')</c>).</summary>
[Register("BN", Builds = typeof(Detect.Models.Layers.NormConfig))]
[Preset("Type", "BN")]
public sealed class BatchNormAttribute : NormalizationAttribute
{
    /// <summary><c>requires_grad</c>: false freezes the affine parameters.</summary>
    public bool RequiresGrad { get; set; } = true;
}

/// <summary>Frozen BatchNorm (<c>norm_cfg=dict(type='FrozenBN')</c>): fixed statistics and affine parameters, as torchvision's backbones.</summary>
[Register("FrozenBN", Builds = typeof(Detect.Models.Layers.NormConfig))]
[Preset("Type", "FrozenBN")]
[Preset("RequiresGrad", false)]
public sealed class FrozenBatchNormAttribute : NormalizationAttribute;

/// <summary>GroupNorm (<c>norm_cfg=dict(type='GN', num_groups=32)</c>).</summary>
[Register("GN", Builds = typeof(Detect.Models.Layers.NormConfig))]
[Preset("Type", "GN")]
public sealed class GroupNormAttribute : NormalizationAttribute
{
    /// <summary><c>num_groups</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int NumGroups { get; set; } = 32;

    /// <summary><c>requires_grad</c>.</summary>
    public bool RequiresGrad { get; set; } = true;
}

/// <summary>Pretrained weights (<c>init_cfg=dict(type='Pretrained', checkpoint=...)</c>).</summary>
[Register("Pretrained", Builds = typeof(PretrainedInit))]
public sealed class PretrainedAttribute : InitAttribute
{
    /// <summary><c>checkpoint</c>: a file or a zoo name such as <c>torchvision://resnet50</c>.</summary>
    [NotEmpty]
    public string? Checkpoint { get; set; }

    /// <summary><c>prefix</c>: load only the keys under this prefix (e.g. <c>backbone.</c>).</summary>
    public string? Prefix { get; set; }
}

/// <summary>
/// SSD's VGG backbone (<c>type='SSDVGG'</c>): VGG's convolutions, pool5 3×3 s1, conv6 (dilation 6) and conv7, returning the
/// ReLU outputs at <see cref="OutFeatureIndices"/> (conv4_3 and conv7 for VGG-16). No compile-time shape rule: its outputs are
/// checked when the model is built.
/// </summary>
[Register("SSDVGG", Builds = typeof(SSDVGG))]
public sealed class SsdVggAttribute : BackboneAttribute
{
    /// <summary><c>depth</c>: 11, 13, 16 or 19.</summary>
    public int Depth { get; set; }

    /// <summary><c>with_last_pool</c>.</summary>
    public bool WithLastPool { get; set; }

    /// <summary><c>ceil_mode</c> of VGG's pools.</summary>
    public bool CeilMode { get; set; }

    /// <summary><c>out_feature_indices</c>: indices into <c>features</c> whose outputs are returned.</summary>
    [NotEmpty, InRange(0, int.MaxValue)]
    public int[] OutFeatureIndices { get; set; } = [22, 34];

    /// <summary>Width of VGG's first stage (64); Detect's, for narrow models of the same structure.</summary>
    [InRange(1, int.MaxValue)]
    public int BaseChannels { get; set; }

    /// <summary>Channels of conv6 and conv7 (1024); Detect's, for narrow models.</summary>
    [InRange(1, int.MaxValue)]
    public int FcChannels { get; set; }

    /// <summary><c>init_cfg</c>, e.g. pretrained weights.</summary>
    public InitAttribute? InitCfg { get; }
}
