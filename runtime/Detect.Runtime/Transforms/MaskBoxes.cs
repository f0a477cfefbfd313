namespace Detect.Transforms;

/// <summary>Boxes that tightly enclose masks (BitmapMasks.get_bboxes): empty masks give (0, 0, 0, 0).</summary>
public static class MaskBoxes
{
    /// <summary>One xyxy box per mask; x2 and y2 are one past the last foreground column and row.</summary>
    public static float[] FromMasks(BitmapMasks masks)
    {
        var boxes = new float[masks.Count * 4];
        for (int i = 0; i < masks.Count; i++)
        {
            var mask = masks.Mask(i);
            int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
            for (int y = 0; y < masks.Height; y++)
                for (int x = 0; x < masks.Width; x++)
                {
                    if (mask[y * masks.Width + x] == 0) continue;
                    x1 = Math.Min(x1, x); x2 = Math.Max(x2, x);
                    y1 = Math.Min(y1, y); y2 = Math.Max(y2, y);
                }
            if (x2 < 0) continue;
            boxes[4 * i] = x1;
            boxes[4 * i + 1] = y1;
            boxes[4 * i + 2] = x2 + 1;
            boxes[4 * i + 3] = y2 + 1;
        }
        return boxes;
    }
}
