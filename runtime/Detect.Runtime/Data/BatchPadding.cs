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
/// default). Works on any device and dtype; the result is a new tensor in the caller's dispose scope.
/// </remarks>
public static class BatchPadding
{
    /// <summary>Stacks C×H×W tensors into N×C×H'×W', padded bottom/right with <paramref name="padValue"/>.</summary>
    public static Tensor StackBatch(IReadOnlyList<Tensor> images, int padSizeDivisor = 1, double padValue = 0)
    {
        if (images.Count == 0) throw new ArgumentException("Cannot stack an empty batch.", nameof(images));
        if (padSizeDivisor < 1) throw new ArgumentException($"padSizeDivisor must be ≥ 1, got {padSizeDivisor}.", nameof(padSizeDivisor));
        var first = images[0];
        if (first.dim() != 3) throw new ArgumentException($"Images must be C×H×W, got [{string.Join(", ", first.shape)}].", nameof(images));
        long channels = first.shape[0], maxH = 0, maxW = 0;
        foreach (var image in images)
        {
            if (image.dim() != 3 || image.shape[0] != channels || image.dtype != first.dtype || image.device_type != first.device_type || image.device_index != first.device_index)
                throw new ArgumentException(
                    $"All images must be {channels}×H×W {first.dtype} on {first.device}; got [{string.Join(", ", image.shape)}] {image.dtype} on {image.device}.",
                    nameof(images));
            maxH = Math.Max(maxH, image.shape[1]);
            maxW = Math.Max(maxW, image.shape[2]);
        }
        long padH = CeilTo(maxH, padSizeDivisor), padW = CeilTo(maxW, padSizeDivisor);
        var batch = full([images.Count, channels, padH, padW], padValue, first.dtype, first.device);
        using var noGrad = no_grad();
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            using var target = batch[i, .., ..(int)image.shape[1], ..(int)image.shape[2]];
            target.copy_(image);
        }
        return batch;
    }

    /// <summary>One image's pad shape (h, w): each edge rounded up to <paramref name="padSizeDivisor"/>.</summary>
    public static (int Height, int Width) PadShape(int height, int width, int padSizeDivisor) =>
        ((int)CeilTo(height, padSizeDivisor), (int)CeilTo(width, padSizeDivisor));

    static long CeilTo(long x, long divisor) => (x + divisor - 1) / divisor * divisor;
}
