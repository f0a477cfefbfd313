using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Data;

/// <summary>
/// Batch padding as MMDetection's data preprocessor does it (MMEngine's <c>stack_batch</c> and
/// DetDataPreprocessor's pad shapes): images of different sizes are padded at the bottom and right to
/// the batch's largest height and width, each rounded up to <c>padSizeDivisor</c>, and stacked.
/// </summary>
/// <remarks>
/// MMDetection normalizes before padding, so <c>padValue</c> lands in normalized space (0 by
/// default); <see cref="ImageNormalization.NormalizeAndStack"/> does both. Works on any device and
/// dtype; the result is a new tensor in the caller's dispose scope.
/// </remarks>
public static class BatchPadding
{
    /// <summary>Stacks C×H×W tensors into N×C×H'×W', padded bottom/right with <paramref name="padValue"/>.</summary>
    public static Tensor StackBatch(IReadOnlyList<Tensor> images, int padSizeDivisor = 1, double padValue = 0)
    {
        var (channels, padH, padW, device) = CheckBatch(images, padSizeDivisor);
        using var noGrad = no_grad();
        var batch = empty([images.Count, channels, padH, padW], images[0].dtype, device);
        for (int i = 0; i < images.Count; i++)
        {
            long h = images[i].shape[1], w = images[i].shape[2];
            using var slot = batch[i];
            using var region = slot[.., ..(int)h, ..(int)w];
            region.copy_(images[i]);
            FillPadding(slot, h, w, padValue);
        }
        return batch;
    }

    /// <summary>One image's pad shape (h, w): each edge rounded up to <paramref name="padSizeDivisor"/>.</summary>
    public static (int Height, int Width) PadShape(int height, int width, int padSizeDivisor) =>
        ((int)CeilTo(height, padSizeDivisor), (int)CeilTo(width, padSizeDivisor));

    /// <summary>Checks that the images can form one batch; returns its channels, padded size and device.</summary>
    internal static (long Channels, long PadH, long PadW, Device Device) CheckBatch(IReadOnlyList<Tensor> images, int padSizeDivisor)
    {
        if (images.Count == 0) throw new ArgumentException("Cannot stack an empty batch.", nameof(images));
        if (padSizeDivisor < 1) throw new ArgumentException($"padSizeDivisor must be ≥ 1, got {padSizeDivisor}.", nameof(padSizeDivisor));
        var first = images[0];
        if (first.dim() != 3) throw new ArgumentException($"Images must be C×H×W, got [{string.Join(", ", first.shape)}].", nameof(images));
        long channels = first.shape[0], maxH = 0, maxW = 0;
        foreach (var image in images)
        {
            if (image.dim() != 3 || image.shape[0] != channels || image.dtype != first.dtype
                || image.device_type != first.device_type || image.device_index != first.device_index)
                throw new ArgumentException(
                    $"All images must be {channels}×H×W {first.dtype} on {first.device}; got [{string.Join(", ", image.shape)}] {image.dtype} on {image.device}.",
                    nameof(images));
            maxH = Math.Max(maxH, image.shape[1]);
            maxW = Math.Max(maxW, image.shape[2]);
        }
        return (channels, CeilTo(maxH, padSizeDivisor), CeilTo(maxW, padSizeDivisor), first.device);
    }

    /// <summary>Fills the part of a C×H'×W' slot outside its h×w top-left image with <paramref name="padValue"/>.</summary>
    internal static void FillPadding(Tensor slot, long h, long w, double padValue)
    {
        long padH = slot.shape[1], padW = slot.shape[2];
        using var value = padValue.ToScalar();
        if (h < padH)
            using (var below = slot[.., (int)h.., ..]) below.fill_(value);
        if (w < padW)
            using (var right = slot[.., ..(int)h, (int)w..]) right.fill_(value);
    }

    static long CeilTo(long x, long divisor) => (x + divisor - 1) / divisor * divisor;
}
