namespace Detect.Transforms.Imaging;

/// <summary>
/// OpenCV's <c>cv2.resize</c> on uint8 HWC images (1, 3 or 4 channels), reproduced bit for bit for
/// every interpolation mmcv names: one kernel per file (<see cref="CvResizeNearest"/>,
/// <see cref="CvResizeLinear"/>, <see cref="CvResizeCubic"/>, <see cref="CvResizeArea"/>,
/// <see cref="CvResizeLanczos4"/>). Golden tests compare against Debian's python3-opencv 4.6
/// (tests/golden/transforms/make_transform_goldens.py).
/// </summary>
public static class CvResize
{
    /// <summary>
    /// Resizes <paramref name="src"/> (sh×sw×cn) into <paramref name="dst"/> (dh×dw×cn), as
    /// <c>cv2.resize(src, (dw, dh), interpolation=…)</c>. Equal sizes copy, as cv::resize does.
    /// </summary>
    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw,
        Interpolation interpolation)
    {
        if (sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0)
            throw new ArgumentException($"Cannot resize {sh}×{sw} to {dh}×{dw}: sizes must be positive.");
        if (cn <= 0 || src.Length != sh * sw * cn || dst.Length != dh * dw * cn)
            throw new ArgumentException("Source or destination length does not match its size.");
        if (sh == dh && sw == dw)
        {
            src.CopyTo(dst);
            return;
        }
        switch (interpolation)
        {
            case Interpolation.Nearest: CvResizeNearest.Resize(src, sh, sw, cn, dst, dh, dw); break;
            case Interpolation.Bilinear: CvResizeLinear.Resize(src, sh, sw, cn, dst, dh, dw); break;
            case Interpolation.Bicubic: CvResizeCubic.Resize(src, sh, sw, cn, dst, dh, dw); break;
            case Interpolation.Area: CvResizeArea.Resize(src, sh, sw, cn, dst, dh, dw); break;
            case Interpolation.Lanczos: CvResizeLanczos4.Resize(src, sh, sw, cn, dst, dh, dw); break;
            default: throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "Unknown interpolation.");
        }
    }
}
