namespace Detect.Transforms;

/// <summary>
/// How <see cref="LoadImageFromFile"/> decodes an image (mmcv's <c>color_type</c>: 'color', 'grayscale',
/// 'unchanged', the cv2 flags IMREAD_COLOR, IMREAD_GRAYSCALE, IMREAD_UNCHANGED).
/// </summary>
public enum ColorType
{
    /// <summary>Three BGR channels, alpha dropped, turned upright from the EXIF orientation.</summary>
    Color,

    /// <summary>One gray channel, turned upright from the EXIF orientation.</summary>
    Grayscale,

    /// <summary>
    /// The file's own channels: 1 for a grayscale image, 3 (BGR) for colour, 4 (BGRA, not
    /// premultiplied) for an image with alpha; the EXIF orientation is NOT applied (cv2's
    /// IMREAD_UNCHANGED ignores it). A 16-bit PNG is refused: cv2 would keep 16 bits per channel,
    /// which Detect's 8-bit images do not carry.
    /// </summary>
    Unchanged,
}
