namespace Detect.Structures;

/// <summary>
/// What the pipeline records about one image (MMDetection's data-sample metainfo). Shapes are
/// (height, width) in pixels; <see cref="ScaleFactor"/> is (w, h) as in MMDetection, so that
/// <c>bbox / [w, h, w, h]</c> maps a box on the resized image back to the original.
/// </summary>
/// <param name="ImgId">Image id from the annotation file.</param>
/// <param name="ImgPath">Path of the image file.</param>
/// <param name="OriShape">Size of the decoded image before any transform.</param>
/// <param name="ImgShape">Size after resizing/cropping, before padding.</param>
/// <param name="PadShape">Size after the pipeline's Pad (equals ImgShape without Pad).</param>
/// <param name="ScaleFactor">Resize factors (w, h) from OriShape to ImgShape.</param>
/// <param name="Flip">Whether the image was flipped.</param>
/// <param name="FlipDirection">horizontal, vertical or diagonal, when flipped.</param>
public sealed record ImageMeta(
    long ImgId,
    string ImgPath,
    (int Height, int Width) OriShape,
    (int Height, int Width) ImgShape,
    (int Height, int Width) PadShape,
    (double W, double H) ScaleFactor,
    bool Flip = false,
    string? FlipDirection = null)
{
    /// <summary>Size of the padded batch tensor this image was placed in (set by the data preprocessor).</summary>
    public (int Height, int Width)? BatchInputShape { get; init; }
}
