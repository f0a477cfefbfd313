using Detect.Platform;
using TorchSharp;
using static TorchSharp.torch;
using Detect.Ops;

namespace Detect.Models.RoIHeads;

/// <summary>
/// MMDetection's accurate mask pasting (<c>_do_paste_mask</c>): each RoI's S×S mask probabilities are resampled with
/// <c>grid_sample</c> (bilinear, align_corners=False) onto the image pixels whose centres fall in its box, then
/// thresholded.
/// </summary>
/// <remarks>
/// Pixel (x, y) samples the mask at ((x + 0.5 − x0) / (x1 − x0) · 2 − 1, (y + 0.5 − y0) / (y1 − y0) · 2 − 1) in
/// grid_sample's [−1, 1] coordinates; outside the box the samples fall off the mask and read zero. Only the box's
/// bounding region (one pixel of margin, as MMDetection's CPU path) is computed per mask.
/// </remarks>
public static class MaskPasting
{
    /// <summary>Pastes N masks (N×S×S probabilities) into N×<paramref name="imgH"/>×<paramref name="imgW"/> bool masks.</summary>
    /// <param name="masks">N×S×S probabilities (sigmoid of the mask logits).</param>
    /// <param name="boxes">N×4 boxes on the output image.</param>
    /// <param name="imgH">Output height.</param>
    /// <param name="imgW">Output width.</param>
    /// <param name="threshold"><c>mask_thr_binary</c>: probabilities at or above it are foreground.</param>
    public static Tensor Paste(Tensor masks, Tensor boxes, int imgH, int imgW, double threshold)
    {
        long n = masks.shape[0];
        var result = zeros([n, imgH, imgW], dtype: ScalarType.Bool, device: masks.device);
        var boxValues = TensorValues.ToArray<float>(boxes);
        using var maskThr = threshold.ToScalar();
        for (int i = 0; i < n; i++)
        {
            using var scope = NewDisposeScope();
            var (x0, y0, x1, y1) = (boxValues[4 * i], boxValues[4 * i + 1], boxValues[4 * i + 2], boxValues[4 * i + 3]);
            int left = (int)Math.Max(MathF.Floor(x0) - 1, 0), top = (int)Math.Max(MathF.Floor(y0) - 1, 0);
            int right = (int)Math.Min(MathF.Ceiling(x1) + 1, imgW), bottom = (int)Math.Min(MathF.Ceiling(y1) + 1, imgH);
            if (right <= left || bottom <= top) continue;
            var pasted = PasteRegion(masks[i], boxes[i].to(ScalarType.Float32), left, top, right, bottom);
            result[i, top..bottom, left..right] = pasted.ge(maskThr);
        }
        return result;
    }

    /// <summary>The probabilities of one mask on the pixels [top, bottom) × [left, right).</summary>
    static Tensor PasteRegion(Tensor mask, Tensor box, int left, int top, int right, int bottom)
    {
        var device = mask.device;
        var imgX = Ranges.Arange(left, right, device: device).to(ScalarType.Float32).add(Scalars.Half, Scalars.One);
        var imgY = Ranges.Arange(top, bottom, device: device).to(ScalarType.Float32).add(Scalars.Half, Scalars.One);
        imgX = ((imgX - box[0]) / (box[2] - box[0])).mul(Scalars.Two).sub(Scalars.One);
        imgY = ((imgY - box[1]) / (box[3] - box[1])).mul(Scalars.Two).sub(Scalars.One);
        // A zero-width box divides by zero: MMDetection sets the infinite coordinates to 0.
        imgX = imgX.masked_fill(imgX.isinf(), Scalars.Zero);
        imgY = imgY.masked_fill(imgY.isinf(), Scalars.Zero);
        var gx = imgX.unsqueeze(0).expand(imgY.shape[0], imgX.shape[0]);
        var gy = imgY.unsqueeze(1).expand(imgY.shape[0], imgX.shape[0]);
        var grid = stack([gx, gy], 2).unsqueeze(0);
        var sampled = nn.functional.grid_sample(mask.to(ScalarType.Float32).unsqueeze(0).unsqueeze(0), grid,
            mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
        return sampled[0, 0];
    }
}
