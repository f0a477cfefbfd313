using Detect.Transforms;

namespace Detect.Inference;

/// <summary>
/// The patches of a large image, as sahi's <c>get_slice_bboxes</c> places them for MMDetection's large-image demo:
/// rows and columns of <c>patchSize</c> squares stepping by <c>patchSize − int(overlap × patchSize)</c>; a patch that
/// would cross the right or bottom edge is moved back inside (so the last ones overlap more), and an image smaller than a
/// patch is one patch of its own size.
/// </summary>
public static class SliceWindows
{
    /// <summary>One patch: its top-left corner in the image and its size.</summary>
    public readonly record struct Window(int X, int Y, int Width, int Height);

    /// <summary>The patches covering an image of <paramref name="height"/> × <paramref name="width"/>, row by row.</summary>
    public static IReadOnlyList<Window> Of(int height, int width, SliceOptions options)
    {
        int size = options.PatchSize;
        int overlap = (int)(options.PatchOverlapRatio * size);
        var windows = new List<Window>();
        for (int yMin = 0, yMax = 0; yMax < height; yMin = yMax - overlap)
        {
            yMax = yMin + size;
            for (int xMin = 0, xMax = 0; xMax < width; xMin = xMax - overlap)
            {
                xMax = xMin + size;
                if (yMax > height || xMax > width)
                {
                    int right = Math.Min(width, xMax), bottom = Math.Min(height, yMax);
                    int left = Math.Max(0, right - size), top = Math.Max(0, bottom - size);
                    windows.Add(new Window(left, top, right - left, bottom - top));
                }
                else windows.Add(new Window(xMin, yMin, size, size));
            }
        }
        return windows;
    }

    /// <summary>A copy of the pixels of <paramref name="window"/>.</summary>
    public static ImageBuffer Crop(ImageBuffer image, Window window)
    {
        int rowBytes = window.Width * image.Channels;
        var pixels = new byte[window.Height * rowBytes];
        for (int y = 0; y < window.Height; y++)
            image.Row(window.Y + y).Slice(window.X * image.Channels, rowBytes).CopyTo(pixels.AsSpan(y * rowBytes, rowBytes));
        return new ImageBuffer(window.Height, window.Width, image.Channels, pixels);
    }
}
