namespace Detect.Transforms;

/// <summary>
/// MMDetection's <c>HorizontalBoxes</c> operations on flattened N×4 xyxy float32 arrays, with the same
/// arithmetic (float32, no "+1"): rescale, translate, clip, flip, is_inside, widths and heights.
/// Every method returns a new array.
/// </summary>
public static class BoxOps
{
    /// <summary>x·sx, y·sy (<c>rescale_</c>).</summary>
    public static float[] Rescale(float[] boxes, double sx, double sy)
    {
        float fx = (float)sx, fy = (float)sy;
        var result = new float[boxes.Length];
        for (int i = 0; i < boxes.Length; i += 4)
        {
            result[i] = boxes[i] * fx;
            result[i + 1] = boxes[i + 1] * fy;
            result[i + 2] = boxes[i + 2] * fx;
            result[i + 3] = boxes[i + 3] * fy;
        }
        return result;
    }

    /// <summary>x + dx, y + dy (<c>translate_</c>).</summary>
    public static float[] Translate(float[] boxes, double dx, double dy)
    {
        float fx = (float)dx, fy = (float)dy;
        var result = new float[boxes.Length];
        for (int i = 0; i < boxes.Length; i += 4)
        {
            result[i] = boxes[i] + fx;
            result[i + 1] = boxes[i + 1] + fy;
            result[i + 2] = boxes[i + 2] + fx;
            result[i + 3] = boxes[i + 3] + fy;
        }
        return result;
    }

    /// <summary>x into [0, w], y into [0, h] (<c>clip_</c> with img_shape (h, w)).</summary>
    public static float[] Clip(float[] boxes, int h, int w)
    {
        var result = new float[boxes.Length];
        for (int i = 0; i < boxes.Length; i += 4)
        {
            result[i] = Math.Clamp(boxes[i], 0f, w);
            result[i + 1] = Math.Clamp(boxes[i + 1], 0f, h);
            result[i + 2] = Math.Clamp(boxes[i + 2], 0f, w);
            result[i + 3] = Math.Clamp(boxes[i + 3], 0f, h);
        }
        return result;
    }

    /// <summary>Flips in an h×w image: x' = w − x, y' = h − y, corners swapped (<c>flip_</c>).</summary>
    public static float[] Flip(float[] boxes, int h, int w, FlipDirection direction)
    {
        var result = (float[])boxes.Clone();
        bool flipX = direction is FlipDirection.Horizontal or FlipDirection.Diagonal;
        bool flipY = direction is FlipDirection.Vertical or FlipDirection.Diagonal;
        for (int i = 0; i < boxes.Length; i += 4)
        {
            if (flipX)
            {
                result[i] = w - boxes[i + 2];
                result[i + 2] = w - boxes[i];
            }
            if (flipY)
            {
                result[i + 1] = h - boxes[i + 3];
                result[i + 3] = h - boxes[i + 1];
            }
        }
        return result;
    }

    /// <summary>Boxes that overlap the h×w image at all: x1 &lt; w, y1 &lt; h, x2 &gt; 0, y2 &gt; 0 (<c>is_inside</c>).</summary>
    public static bool[] IsInside(float[] boxes, int h, int w)
    {
        var inside = new bool[boxes.Length / 4];
        for (int i = 0; i < inside.Length; i++)
            inside[i] = boxes[4 * i] < w && boxes[4 * i + 1] < h && boxes[4 * i + 2] > 0 && boxes[4 * i + 3] > 0;
        return inside;
    }

    /// <summary>x2 − x1 of box <paramref name="i"/>.</summary>
    public static float Width(float[] boxes, int i) => boxes[4 * i + 2] - boxes[4 * i];

    /// <summary>y2 − y1 of box <paramref name="i"/>.</summary>
    public static float Height(float[] boxes, int i) => boxes[4 * i + 3] - boxes[4 * i + 1];
}
