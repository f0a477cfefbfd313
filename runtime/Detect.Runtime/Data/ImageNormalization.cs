using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Data;

/// <summary>
/// The numeric half of MMDetection's data preprocessor (<c>ImgDataPreprocessor</c>): optional BGR→RGB,
/// float conversion, <c>(x − mean) / std</c> in float32, then padding and stacking as
/// <see cref="BatchPadding"/>. The model's data preprocessor calls it after moving the batch to its device.
/// </summary>
/// <remarks>
/// Written for memory traffic. The batch tensor is allocated once and only its padding is filled. For
/// uint8 images on the CPU a managed kernel reads each byte once and writes the normalized float once
/// (same float32 operations as the tensor formula, so the same bits); on other devices or dtypes each
/// image is converted while being copied into place and normalized in place with tensor ops.
/// </remarks>
public static class ImageNormalization
{
    /// <summary>Normalizes C×H×W images (any dtype, one device) into an N×C×H'×W' float32 batch.</summary>
    /// <param name="images">The batch's images, e.g. <see cref="Structures.DetBatch.Inputs"/> on the model's device.</param>
    /// <param name="mean">Per-channel mean, in the output channel order.</param>
    /// <param name="std">Per-channel standard deviation, in the output channel order.</param>
    /// <param name="bgrToRgb">Reverse the channel order of 3-channel images first.</param>
    /// <param name="padSizeDivisor">Round the padded height and width up to this.</param>
    /// <param name="padValue">Value of the padding, in normalized units (MMDetection pads after normalizing).</param>
    public static Tensor NormalizeAndStack(IReadOnlyList<Tensor> images, IReadOnlyList<double> mean, IReadOnlyList<double> std,
        bool bgrToRgb = true, int padSizeDivisor = 1, double padValue = 0) =>
        Run(images, mean, std, bgrToRgb, padSizeDivisor, padValue, preferTensorOps: false);

    /// <summary>Either path; tests use <paramref name="preferTensorOps"/> to compare them.</summary>
    internal static Tensor Run(IReadOnlyList<Tensor> images, IReadOnlyList<double> mean, IReadOnlyList<double> std,
        bool bgrToRgb, int padSizeDivisor, double padValue, bool preferTensorOps)
    {
        var (channels, padH, padW, device) = BatchPadding.CheckBatch(images, padSizeDivisor);
        if (mean.Count != channels || std.Count != channels)
            throw new ArgumentException($"mean and std need {channels} values (one per channel), got {mean.Count} and {std.Count}.");
        if (std.Any(s => s == 0)) throw new ArgumentException("std must not contain 0.", nameof(std));
        bool swap = bgrToRgb && channels == 3;
        float[] m = mean.Select(v => (float)v).ToArray(), s = std.Select(v => (float)v).ToArray();

        using var noGrad = no_grad();
        var batch = empty([images.Count, channels, padH, padW], ScalarType.Float32, device);
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            using var slot = batch[i];
            if (!preferTensorOps && image.device_type == DeviceType.CPU && image.dtype == ScalarType.Byte && image.is_contiguous())
                NormalizeBytes(image, MemoryMarshal.Cast<byte, float>(slot.bytes), (int)padH, (int)padW, m, s, swap, (float)padValue);
            else
            {
                NormalizeWithTensorOps(image, slot, m, s, swap);
                BatchPadding.FillPadding(slot, image.shape[1], image.shape[2], padValue);
            }
        }
        return batch;
    }

    static void NormalizeWithTensorOps(Tensor image, Tensor slot, float[] mean, float[] std, bool swap)
    {
        long channels = image.shape[0], h = image.shape[1], w = image.shape[2];
        using var region = slot[.., ..(int)h, ..(int)w];
        using var meanT = tensor(mean, [channels, 1, 1], device: image.device);
        using var stdT = tensor(std, [channels, 1, 1], device: image.device);
        for (long c = 0; c < channels; c++)
        {
            using var target = region[c];
            using var source = image[swap ? channels - 1 - c : c];
            target.copy_(source);
        }
        region.sub_(meanT).div_(stdT);
    }

    /// <summary>uint8 C×H×W → normalized floats in a C×padH×padW slot, padding included, one pass.</summary>
    static void NormalizeBytes(Tensor image, Span<float> slot, int padH, int padW, float[] mean, float[] std, bool swap, float padValue)
    {
        int channels = (int)image.shape[0], h = (int)image.shape[1], w = (int)image.shape[2];
        ReadOnlySpan<byte> pixels = image.bytes;
        for (int c = 0; c < channels; c++)
        {
            var plane = pixels.Slice((swap ? channels - 1 - c : c) * h * w, h * w);
            var target = slot.Slice(c * padH * padW, padH * padW);
            for (int y = 0; y < h; y++)
            {
                var row = target.Slice(y * padW, padW);
                NormalizeRow(plane.Slice(y * w, w), row[..w], mean[c], std[c]);
                row[w..].Fill(padValue);
            }
            target[(h * padW)..].Fill(padValue);
        }
    }

    /// <summary>dst[x] = ((float)src[x] − mean) / std, eight at a time where AVX2 is available.</summary>
    static unsafe void NormalizeRow(ReadOnlySpan<byte> src, Span<float> dst, float mean, float std)
    {
        int x = 0, n = src.Length;
        fixed (byte* s = src)
        fixed (float* d = dst)
        {
            if (Avx2.IsSupported)
            {
                var vm = Vector256.Create(mean);
                var vs = Vector256.Create(std);
                for (; x + 8 <= n; x += 8)
                {
                    var v = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(s + x));
                    Avx.Store(d + x, Avx.Divide(Avx.Subtract(v, vm), vs));
                }
            }
            for (; x < n; x++) d[x] = (s[x] - mean) / std;
        }
    }
}
