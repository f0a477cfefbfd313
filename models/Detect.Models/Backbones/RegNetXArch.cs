using Detect.Config;

namespace Detect.Models.Backbones;

/// <summary>
/// MMDetection's named RegNetX designs (<c>arch='regnetx_3.2gf'</c>), or <see cref="Custom"/> for a design given
/// by its parameters (<c>arch=dict(w0=..., wa=..., ...)</c>). The parameters of each name are
/// <see cref="Config.Checks.ShapeMath.RegNetArchs"/>.
/// </summary>
public enum RegNetXArch
{
    /// <summary>The design is given by its parameters (w0, wa, wm, group_w, depth, bot_mul).</summary>
    [ConfigName("custom")]
    Custom,

    /// <summary>RegNetX-400MF.</summary>
    [ConfigName("regnetx_400mf")]
    X400MF,

    /// <summary>RegNetX-800MF.</summary>
    [ConfigName("regnetx_800mf")]
    X800MF,

    /// <summary>RegNetX-1.6GF.</summary>
    [ConfigName("regnetx_1.6gf")]
    X1_6GF,

    /// <summary>RegNetX-3.2GF.</summary>
    [ConfigName("regnetx_3.2gf")]
    X3_2GF,

    /// <summary>RegNetX-4.0GF.</summary>
    [ConfigName("regnetx_4.0gf")]
    X4_0GF,

    /// <summary>RegNetX-6.4GF.</summary>
    [ConfigName("regnetx_6.4gf")]
    X6_4GF,

    /// <summary>RegNetX-8.0GF.</summary>
    [ConfigName("regnetx_8.0gf")]
    X8_0GF,

    /// <summary>RegNetX-12GF.</summary>
    [ConfigName("regnetx_12gf")]
    X12GF,
}
