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
