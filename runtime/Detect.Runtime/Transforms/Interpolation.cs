namespace Detect.Transforms;

/// <summary>
/// Resize interpolation (mmcv's 'nearest', 'bilinear', 'bicubic', 'area', 'lanczos' — cv2's
/// INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_AREA, INTER_LANCZOS4), each reproduced bit for
/// bit on uint8 images (see <see cref="Imaging.CvResize"/>).
/// </summary>
public enum Interpolation
{
    /// <summary>The nearest source pixel (masks always use this).</summary>
    Nearest,

    /// <summary>Two taps per axis, 11-bit fixed-point weights (mmcv's default).</summary>
    Bilinear,

    /// <summary>Four taps per axis, Keys' cubic with a = −0.75.</summary>
    Bicubic,

    /// <summary>Pixel-area averaging when shrinking; a bilinear variant when enlarging.</summary>
    Area,

    /// <summary>Eight taps per axis, a Lanczos window of 4.</summary>
    Lanczos,
}
