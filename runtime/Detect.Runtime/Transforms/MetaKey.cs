namespace Detect.Transforms;

/// <summary>A meta key <see cref="PackDetInputs"/> knows (MMDetection's <c>meta_keys</c> entries, e.g. 'img_id', 'pad_shape').</summary>
public enum MetaKey
{
    /// <summary><c>img_id</c>.</summary>
    ImgId,

    /// <summary><c>img_path</c>.</summary>
    ImgPath,

    /// <summary><c>ori_shape</c>.</summary>
    OriShape,

    /// <summary><c>img_shape</c>.</summary>
    ImgShape,

    /// <summary><c>scale_factor</c>.</summary>
    ScaleFactor,

    /// <summary><c>flip</c>.</summary>
    Flip,

    /// <summary><c>flip_direction</c>.</summary>
    FlipDirection,

    /// <summary><c>pad_shape</c>.</summary>
    PadShape,
}
