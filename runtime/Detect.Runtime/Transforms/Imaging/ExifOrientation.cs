namespace Detect.Transforms.Imaging;

/// <summary>
/// Turns a decoded image upright from its EXIF orientation (1–8), as OpenCV's IMREAD_COLOR does
/// (<c>ApplyExifOrientation</c>: a transpose for orientations 5–8, then a flip).
/// </summary>
public static class ExifOrientation
{
    /// <summary>The upright image; the input itself for orientation 1 (or an unknown value).</summary>
    public static ImageBuffer Apply(ImageBuffer image, int orientation)
    {
        FlipDirection? flip = orientation switch
        {
            2 or 6 => FlipDirection.Horizontal,
            3 or 7 => FlipDirection.Diagonal,
            4 or 8 => FlipDirection.Vertical,
            _ => null,
        };
        bool transpose = orientation is >= 5 and <= 8;
        if (!transpose && flip is null) return image;

        var current = image;
        if (transpose)
        {
            var transposed = ImageBuffer.Uninitialized(image.Width, image.Height, image.Channels);
            ImageGeometry.Transpose(image.Pixels, image.Height, image.Width, image.Channels, transposed.Data);
            current = transposed;
        }
        if (flip is { } direction)
        {
            var flipped = ImageBuffer.Uninitialized(current.Height, current.Width, current.Channels);
            ImageGeometry.Flip(current.Pixels, current.Height, current.Width, current.Channels, flipped.Data, direction);
            current = flipped;
        }
        return current;
    }
}
