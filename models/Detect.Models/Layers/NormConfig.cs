namespace Detect.Models.Layers;

/// <summary>The normalization layers MMCV's <c>build_norm_layer</c> builds (its <c>type</c> key).</summary>
public enum NormType
{
    /// <summary><c>BN</c>: BatchNorm2d.</summary>
    BN,

    /// <summary><c>SyncBN</c>: BatchNorm synchronized across processes (<see cref="SyncBatchNorm2d"/>); BatchNorm2d in one process
    /// (state-dict keys and names are the same, <c>bn</c>).</summary>
    SyncBN,

    /// <summary><c>GN</c>: GroupNorm with <see cref="NormConfig.NumGroups"/> groups (names <c>gn</c>).</summary>
    GN,

    /// <summary>Frozen BatchNorm (torchvision's FrozenBatchNorm2d, detectron2's FrozenBN): fixed affine
    /// and statistics held as buffers, never trained, never updated.</summary>
    FrozenBN,
}

/// <summary>
/// MMCV's <c>norm_cfg</c>: <c>dict(type='BN', requires_grad=True)</c>, <c>dict(type='GN', num_groups=32)</c>...
/// </summary>
/// <remarks>
/// MMDetection's caffe-style configs freeze BatchNorm as <c>dict(type='BN', requires_grad=False)</c>
/// with the backbone's <c>norm_eval=True</c>: <c>new NormConfig { RequiresGrad = false }</c> here.
/// </remarks>
public sealed record NormConfig
{
    /// <summary>MMCV's <c>type</c>.</summary>
    public NormType Type { get; init; } = NormType.BN;

    /// <summary>MMCV's <c>requires_grad</c>: whether the affine parameters are trained.</summary>
    public bool RequiresGrad { get; init; } = true;

    /// <summary>GroupNorm's <c>num_groups</c> (required for <see cref="NormType.GN"/>).</summary>
    public int NumGroups { get; init; }

    /// <summary><c>eps</c>, 1e-5 as MMCV sets by default.</summary>
    public double Eps { get; init; } = 1e-5;

    /// <summary>BatchNorm's <c>momentum</c>.</summary>
    public double Momentum { get; init; } = 0.1;

    /// <summary><c>dict(type='BN')</c>.</summary>
    public static NormConfig BN { get; } = new();

    /// <summary><c>dict(type='SyncBN')</c>.</summary>
    public static NormConfig SyncBN { get; } = new() { Type = NormType.SyncBN };

    /// <summary>Frozen BatchNorm (see <see cref="NormType.FrozenBN"/>).</summary>
    public static NormConfig FrozenBN { get; } = new() { Type = NormType.FrozenBN, RequiresGrad = false };

    /// <summary><c>dict(type='GN', num_groups=numGroups)</c>.</summary>
    public static NormConfig GN(int numGroups) => new() { Type = NormType.GN, NumGroups = numGroups };

    /// <summary>The name prefix MMCV's <c>infer_abbr</c> gives the layer: <c>bn</c> or <c>gn</c>.</summary>
    public string Abbreviation => Type == NormType.GN ? "gn" : "bn";
}
