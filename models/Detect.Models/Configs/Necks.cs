using Detect.Models.Necks;

namespace Detect.Config;

/// <summary>
/// Feature pyramid network (<c>type='FPN'</c>). <see cref="InChannels"/> must be the backbone's output
/// channels (checked at compile time, DET201); it outputs <see cref="NumOuts"/> levels of
/// <see cref="OutChannels"/> channels whose strides the heads' strides must match (DET203).
/// </summary>
[Register("FPN", Builds = typeof(Fpn))]
[PyramidNeckRule]
public sealed class FpnAttribute : NeckAttribute
{
    /// <summary><c>in_channels</c>: channels of each backbone output.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] InChannels { get; set; } = [];

    /// <summary><c>out_channels</c> of every level.</summary>
    [InRange(1, int.MaxValue)]
    public int OutChannels { get; set; } = 256;

    /// <summary><c>num_outs</c>: output levels, extra levels included.</summary>
    [InRange(1, int.MaxValue)]
    public int NumOuts { get; set; } = 5;

    /// <summary><c>start_level</c>: first backbone output used.</summary>
    [InRange(0, int.MaxValue)]
    public int StartLevel { get; set; }

    /// <summary><c>end_level</c>: last backbone output used; -1 for the last.</summary>
    [InRange(-1, int.MaxValue)]
    public int EndLevel { get; set; }

    /// <summary><c>add_extra_convs</c>.</summary>
    public ExtraConvs AddExtraConvs { get; set; }

    /// <summary><c>relu_before_extra_convs</c>.</summary>
    public bool ReluBeforeExtraConvs { get; set; }

    /// <summary><c>no_norm_on_lateral</c>.</summary>
    public bool NoNormOnLateral { get; set; }

    /// <summary><c>norm_cfg</c> of the lateral and output convolutions.</summary>
    public NormalizationAttribute? NormCfg { get; }
}

/// <summary>
/// SSD's neck (<c>type='SSDNeck'</c>): an L2Norm on the first level, then extra levels of a 1×1 and a k×k ConvModule each.
/// No compile-time shape rule: its levels are checked when the model is built.
/// </summary>
[Register("SSDNeck", Builds = typeof(SSDNeck))]
public sealed class SsdNeckAttribute : NeckAttribute
{
    /// <summary><c>in_channels</c> of the backbone's levels.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] InChannels { get; set; } = [];

    /// <summary><c>out_channels</c>: the input levels' channels, then one per extra level.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] OutChannels { get; set; } = [];

    /// <summary><c>level_strides</c> of the extra levels.</summary>
    [NotEmpty, InRange(1, int.MaxValue)]
    public int[] LevelStrides { get; set; } = [];

    /// <summary><c>level_paddings</c> of the extra levels.</summary>
    [NotEmpty, InRange(0, int.MaxValue)]
    public int[] LevelPaddings { get; set; } = [];

    /// <summary><c>l2_norm_scale</c>: initial L2Norm weight on the first level; 0 for none.</summary>
    [InRange(0, double.MaxValue)]
    public double L2NormScale { get; set; }

    /// <summary><c>last_kernel_size</c>.</summary>
    [InRange(1, int.MaxValue)]
    public int LastKernelSize { get; set; }
}
