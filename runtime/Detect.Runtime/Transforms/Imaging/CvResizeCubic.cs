using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Detect.Transforms.Imaging;

/// <summary>
/// cv2.resize with INTER_CUBIC (mmcv's 'bicubic'): Keys' cubic convolution with a = −0.75 over 4×4
/// source pixels, 11-bit weights (see <see cref="CvResizeSeparable"/>).
/// </summary>
/// <remarks>
/// The vertical pass is where OpenCV's x86 build is particular: its SSE2 kernel
/// (<c>VResizeCubicVec_32s8u</c>) handles blocks of 8 bytes in float — each weight times 2^−22, the
/// four products summed left to right, rounded half to even — and only the bytes after the last whole
/// block take the integer path <c>(Σ S·b + 2^21) &gt;&gt; 22</c>. The two can differ by one level, so
/// both are reproduced, split where OpenCV splits them.
/// </remarks>
internal static class CvResizeCubic
{
    const int Taps = 4;
    const float A = -0.75f;

    /// <summary>1 / 2^22, exactly: undoes both passes' 11-bit weights.</summary>
    const float TwoPassScale = 1f / (1 << (2 * CvFixedPoint.CoefBits));

    public static void Resize(ReadOnlySpan<byte> src, int sh, int sw, int cn, Span<byte> dst, int dh, int dw) =>
        CvResizeSeparable.Resize(src, sh, sw, cn, dst, dh, dw, Taps, Weights, Vertical);

    /// <summary>OpenCV's interpolateCubic, in float.</summary>
    static void Weights(float x, Span<float> c)
    {
        c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
        c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
        c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1f - c[0] - c[1] - c[2];
    }

    static unsafe void Vertical(int[][] rows, ReadOnlySpan<short> beta, Span<byte> dst)
    {
        int width = dst.Length, blocks = width - width % 8, x = 0;
        float f0 = beta[0] * TwoPassScale, f1 = beta[1] * TwoPassScale, f2 = beta[2] * TwoPassScale, f3 = beta[3] * TwoPassScale;
        fixed (int* s0 = rows[0], s1 = rows[1], s2 = rows[2], s3 = rows[3])
        fixed (byte* d = dst)
        {
            if (Sse2.IsSupported)
            {
                var b = (Vector128.Create(f0), Vector128.Create(f1), Vector128.Create(f2), Vector128.Create(f3));
                for (; x < blocks; x += 8)
                {
                    var lo = FloatSum(s0 + x, s1 + x, s2 + x, s3 + x, b);
                    var hi = FloatSum(s0 + x + 4, s1 + x + 4, s2 + x + 4, s3 + x + 4, b);
                    var bytes = Sse2.PackUnsignedSaturate(Sse2.PackSignedSaturate(lo, hi), Vector128<short>.Zero);
                    *(ulong*)(d + x) = bytes.AsUInt64().ToScalar();
                }
            }
            for (; x < blocks; x++)
            {
                float sum = s0[x] * f0 + s1[x] * f1;
                sum += s2[x] * f2;
                sum += s3[x] * f3;
                d[x] = CvFixedPoint.SaturateByte(sum);
            }
            for (; x < width; x++)
                d[x] = CvFixedPoint.CastTwoPasses(s0[x] * beta[0] + s1[x] * beta[1] + s2[x] * beta[2] + s3[x] * beta[3]);
        }
    }

    /// <summary>Four lanes of <c>((S0·b0 + S1·b1) + S2·b2) + S3·b3</c> in float, rounded half to even (separate multiplies and adds: no fused rounding).</summary>
    static unsafe Vector128<int> FloatSum(int* s0, int* s1, int* s2, int* s3, (Vector128<float> B0, Vector128<float> B1, Vector128<float> B2, Vector128<float> B3) b)
    {
        var sum = Sse.Add(Sse.Multiply(Sse2.ConvertToVector128Single(Sse2.LoadVector128(s0)), b.B0),
                          Sse.Multiply(Sse2.ConvertToVector128Single(Sse2.LoadVector128(s1)), b.B1));
        sum = Sse.Add(sum, Sse.Multiply(Sse2.ConvertToVector128Single(Sse2.LoadVector128(s2)), b.B2));
        sum = Sse.Add(sum, Sse.Multiply(Sse2.ConvertToVector128Single(Sse2.LoadVector128(s3)), b.B3));
        return Sse2.ConvertToVector128Int32(sum);
    }
}
