namespace Detect.Transforms.Imaging;

/// <summary>
/// cv2.resize with INTER_AREA (mmcv's 'area'). Shrinking both axes by integers averages each block
/// of source pixels; shrinking by other factors weights every source pixel by the area it shares with
/// the destination pixel (<see cref="CvResizeAreaTable"/>); enlarging either axis falls back to
/// OpenCV's bilinear variant (<see cref="CvResizeLinear.AreaEnlarge"/>) — three paths, as in OpenCV.
/// </summary>
internal static class CvResizeArea
{
    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        double scaleX = CvFixedPoint.Scale(sw, dw), scaleY = CvFixedPoint.Scale(sh, dh);
        bool integerX = CvFixedPoint.IsInteger(scaleX, out int ix), integerY = CvFixedPoint.IsInteger(scaleY, out int iy);
        if (scaleX < 1 || scaleY < 1)
            CvResizeLinear.AreaEnlarge(src, sh, sw, cn, dst, dh, dw);
        else if (integerX && integerY)
            IntegerScale(src, sw, cn, dst, dh, dw, ix, iy);
        else
            CvResizeAreaTable.Resize(src, sh, sw, cn, dst, dh, dw, scaleX, scaleY);
    }

    /// <summary>
    /// OpenCV's resizeAreaFast for bytes: the mean of each ix×iy block, <c>sum · (1/area)</c> in float
    /// rounded half to even — except 2×2 blocks, which take <c>(a + b + c + d + 2) &gt;&gt; 2</c>
    /// (rounding halves up), as OpenCV's dedicated 2×2 kernel does.
    /// </summary>
    public static void IntegerScale(ReadOnlySpan<byte> src, int sw, int cn, Span<byte> dst, int dh, int dw, int ix, int iy)
    {
        int srcStride = sw * cn, dstStride = dw * cn;
        float scale = 1f / (ix * iy);
        bool halves = ix == 2 && iy == 2;
        for (int y = 0; y < dh; y++)
        {
            var block = src.Slice(y * iy * srcStride, iy * srcStride);
            var d = dst.Slice(y * dstStride, dstStride);
            for (int x = 0; x < dw; x++)
                for (int k = 0; k < cn; k++)
                {
                    int sum = 0;
                    for (int by = 0; by < iy; by++)
                        for (int bx = 0; bx < ix; bx++) sum += block[by * srcStride + (x * ix + bx) * cn + k];
                    d[x * cn + k] = halves ? (byte)((sum + 2) >> 2) : CvFixedPoint.SaturateByte(sum * scale);
                }
        }
    }
}
