namespace Detect.Transforms.Imaging;

/// <summary>
/// cv2.resize with INTER_NEAREST (mmcv's 'nearest', and every mask): source index
/// <c>min(floor(d · src/dst), src − 1)</c> on each axis.
/// </summary>
internal static class CvResizeNearest
{
    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw)
    {
        double ifx = CvFixedPoint.Scale(sw, dw), ify = CvFixedPoint.Scale(sh, dh);
        var xofs = new int[dw];
        for (int x = 0; x < dw; x++) xofs[x] = Math.Min((int)Math.Floor(x * ifx), sw - 1) * cn;
        for (int y = 0; y < dh; y++)
        {
            int sy = Math.Min((int)Math.Floor(y * ify), sh - 1);
            var s = src.Slice(sy * sw * cn, sw * cn);
            var d = dst.Slice(y * dw * cn, dw * cn);
            for (int x = 0, o = 0; x < dw; x++)
                for (int k = 0; k < cn; k++) d[o++] = s[xofs[x] + k];
        }
    }
}
