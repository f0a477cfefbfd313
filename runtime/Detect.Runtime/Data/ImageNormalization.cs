using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Data;

/// <summary>
/// The numeric half of MMDetection's data preprocessor (<c>ImgDataPreprocessor</c>): optional BGR→RGB,
/// float conversion, <c>(x − mean) / std</c>, then padding and stacking as <see cref="BatchPadding"/>.
/// The model's data preprocessor calls it after moving the batch to its device.
/// </summary>
/// <remarks>
/// Written for memory traffic: the batch tensor is allocated once, only its padding is filled, each
/// image is converted to float while it is copied into place (one channel at a time, which also does
/// the channel swap), and the normalization runs in place on the image's region.
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
        bool bgrToRgb = true, int padSizeDivisor = 1, double padValue = 0)
    {
        var (channels, padH, padW, device) = BatchPadding.CheckBatch(images, padSizeDivisor);
        if (mean.Count != channels || std.Count != channels)
            throw new ArgumentException($"mean and std need {channels} values (one per channel), got {mean.Count} and {std.Count}.");
        if (std.Any(s => s == 0)) throw new ArgumentException("std must not contain 0.", nameof(std));
        bool swap = bgrToRgb && channels == 3;

        using var noGrad = no_grad();
        var batch = empty([images.Count, channels, padH, padW], ScalarType.Float32, device);
        using var meanT = tensor(mean.Select(m => (float)m).ToArray(), [channels, 1, 1], device: device);
        using var stdT = tensor(std.Select(s => (float)s).ToArray(), [channels, 1, 1], device: device);
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            long h = image.shape[1], w = image.shape[2];
            using var slot = batch[i];
            using var region = slot[.., ..(int)h, ..(int)w];
            for (long c = 0; c < channels; c++)
            {
                using var target = region[c];
                using var source = image[swap ? channels - 1 - c : c];
                target.copy_(source);
            }
            region.sub_(meanT).div_(stdT);
            BatchPadding.FillPadding(slot, h, w, padValue);
        }
        return batch;
    }
}
